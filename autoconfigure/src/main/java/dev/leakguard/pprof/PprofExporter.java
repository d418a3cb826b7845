package dev.leakguard.pprof;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import dev.leakguard.executor.ProvenLeaks;
import dev.leakguard.snapshot.Creator;
import dev.leakguard.snapshot.StackGroup;
import dev.leakguard.snapshot.ThreadSnapshot;

/**
 * Writes a thread snapshot as a gzipped pprof {@code profile.proto}, as Go's goroutine
 * profile is: one sample per stack group whose value is its thread count, one location per
 * frame with function, source file and line (so {@code go tool pprof -list} finds the
 * source under {@code -source_path}), and labels for state, kind, wait reason, creator,
 * executor and route. The single mapping is marked symbolized: there is nothing for pprof
 * to look up.
 */
public final class PprofExporter {

	/** Stands in for the frames of a thread that has none, such as a JVM-internal one. */
	static final String NO_FRAMES = "no.java.Frames";

	private PprofExporter() {
	}

	/**
	 * Returns the snapshot and the proven leaks as a gzipped {@code profile.proto} with two
	 * sample types: {@code threads} (the stack groups) and {@code proven_leaks} (one sample
	 * per call site and route whose virtual threads the garbage collector proved leaked,
	 * at their last stack seen).
	 * @param snapshot the snapshot
	 * @param proven the proven leaks
	 * @return the profile's bytes
	 */
	public static byte[] export(ThreadSnapshot snapshot, List<ProvenLeaks.Proven> proven) {
		return gzip(new Builder().build(snapshot, proven));
	}

	private static byte[] gzip(byte[] bytes) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
		try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
			gzip.write(bytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex); // in memory: cannot happen
		}
		return out.toByteArray();
	}

	/** Builds one profile: the string table and the ids of functions and locations. */
	private static final class Builder {

		private final Map<String, Integer> strings = new LinkedHashMap<>();

		private final Map<String, Long> functions = new HashMap<>();

		private final Map<String, Long> locations = new HashMap<>();

		private final List<ProtoWriter> functionMessages = new ArrayList<>();

		private final List<ProtoWriter> locationMessages = new ArrayList<>();

		Builder() {
			this.strings.put("", 0);
		}

		byte[] build(ThreadSnapshot snapshot, List<ProvenLeaks.Proven> proven) {
			ProtoWriter profile = new ProtoWriter();
			profile.message(1, valueType("threads", "count"));
			profile.message(1, valueType("proven_leaks", "count"));
			for (StackGroup group : snapshot.groups()) {
				profile.message(2, sample(group));
			}
			for (ProvenLeaks.Proven leak : proven) {
				profile.message(2, sample(leak));
			}
			profile.message(3, new ProtoWriter().number(1, 1)
				.number(5, string("jvm"))
				.bool(7, true)
				.bool(8, true)
				.bool(9, true));
			this.locationMessages.forEach((location) -> profile.message(4, location));
			this.functionMessages.forEach((function) -> profile.message(5, function));
			Instant time = snapshot.timestamp();
			profile.number(9, time.getEpochSecond() * 1_000_000_000L + time.getNano());
			profile.message(11, valueType("threads", "count"));
			profile.number(12, 1);
			profile.packed(13, new long[] { string("leakguard thread snapshot " + time) });
			profile.number(14, string("threads"));
			// the string table last: every index is known by now
			this.strings.keySet().forEach((text) -> profile.stringAlways(6, text));
			return profile.toByteArray();
		}

		private ProtoWriter sample(StackGroup group) {
			List<String> frames = group.frames().isEmpty() ? List.of(NO_FRAMES) : group.frames();
			long[] locationIds = new long[frames.size()];
			for (int i = 0; i < frames.size(); i++) {
				locationIds[i] = location(frames.get(i)); // leaf first, as pprof expects
			}
			ProtoWriter sample = new ProtoWriter().packed(1, locationIds).packed(2, new long[] { group.count(), 0 });
			label(sample, "state", group.state());
			label(sample, "virtual", Boolean.toString(group.virtual()));
			label(sample, "wait_reason", group.waitReason());
			for (Creator creator : group.createdBy()) {
				label(sample, "created_by", creator.callSite());
				if (creator.executor() != null) {
					label(sample, "executor", creator.executor());
				}
				if (creator.route() != null) {
					label(sample, "route", creator.route());
				}
			}
			return sample;
		}

		private ProtoWriter sample(ProvenLeaks.Proven leak) {
			List<String> frames = leak.frames().isEmpty() ? List.of(leak.callSite()) : leak.frames();
			long[] locationIds = new long[frames.size()];
			for (int i = 0; i < frames.size(); i++) {
				locationIds[i] = location(frames.get(i));
			}
			ProtoWriter sample = new ProtoWriter().packed(1, locationIds).packed(2, new long[] { 0, leak.count() });
			label(sample, "proven", "true");
			label(sample, "created_by", leak.callSite());
			if (leak.route() != null) {
				label(sample, "route", leak.route());
			}
			return sample;
		}

		private void label(ProtoWriter sample, String key, String value) {
			sample.message(3, new ProtoWriter().number(1, string(key)).number(2, string(value)));
		}

		private long location(String frame) {
			Long id = this.locations.get(frame);
			if (id != null) {
				return id;
			}
			long newId = this.locations.size() + 1L;
			this.locations.put(frame, newId);
			ParsedFrame parsed = ParsedFrame.parse(frame);
			ProtoWriter line = new ProtoWriter().number(1, function(parsed)).number(2, parsed.line());
			this.locationMessages.add(new ProtoWriter().number(1, newId).number(2, 1).message(4, line));
			return newId;
		}

		private long function(ParsedFrame frame) {
			String key = frame.function() + '\n' + frame.file();
			Long id = this.functions.get(key);
			if (id != null) {
				return id;
			}
			long newId = this.functions.size() + 1L;
			this.functions.put(key, newId);
			this.functionMessages.add(new ProtoWriter().number(1, newId)
				.number(2, string(frame.function()))
				.number(3, string(frame.function()))
				.number(4, string(frame.file())));
			return newId;
		}

		private ProtoWriter valueType(String type, String unit) {
			return new ProtoWriter().number(1, string(type)).number(2, string(unit));
		}

		private long string(String text) {
			Integer index = this.strings.get(text);
			if (index == null) {
				index = this.strings.size();
				this.strings.put(text, index);
			}
			return index;
		}

	}

}
