package dev.leakguard.snapshot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.jspecify.annotations.Nullable;

/**
 * Dumps every thread, virtual ones included, with
 * {@code HotSpotDiagnosticMXBean.dumpThreads(file, JSON)} (JDK 21+). The library compiles
 * for Java 17, where that method's format enum does not exist yet, so it is looked up
 * once; it is a public, supported API.
 */
final class JsonThreadDumper implements ThreadDumper {

	private final HotSpotDiagnosticMXBean bean;

	private final Method dumpThreads;

	private final Object jsonFormat;

	private final PlatformThreadDumper platform = new PlatformThreadDumper();

	private final @Nullable Path directory;

	private JsonThreadDumper(HotSpotDiagnosticMXBean bean, Method dumpThreads, Object jsonFormat,
			@Nullable Path directory) {
		this.bean = bean;
		this.dumpThreads = dumpThreads;
		this.jsonFormat = jsonFormat;
		this.directory = directory;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	static @Nullable JsonThreadDumper createIfSupported(@Nullable Path directory) {
		if (Runtime.version().feature() < 21) {
			return null;
		}
		try {
			Class<? extends Enum> format = (Class<? extends Enum>) Class
				.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
			Method method = HotSpotDiagnosticMXBean.class.getMethod("dumpThreads", String.class, format);
			HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			return new JsonThreadDumper(bean, method, Enum.valueOf(format, "JSON"), directory);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	@Override
	public ThreadCounts dump(Consumer<ThreadSample> sink) {
		Path dir = null;
		Path file = null;
		try {
			dir = (this.directory != null) ? Files.createTempDirectory(this.directory, "leakguard-threads")
					: Files.createTempDirectory("leakguard-threads");
			file = dir.resolve("threads.json");
			this.dumpThreads.invoke(this.bean, file.toString(), this.jsonFormat);
			int[] virtual = new int[1];
			Map<String, String> platformStates = new HashMap<>();
			String caller = Long.toString(PlatformThreadDumper.callerId());
			try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				ThreadDumpJsonReader.read(in, (thread) -> {
					if (caller.equals(thread.get("tid"))) {
						return;
					}
					ThreadSample sample = sample(thread, platformStates);
					if (sample.virtual()) {
						virtual[0]++;
					}
					sink.accept(sample);
				});
			}
			return this.platform.counts(virtual[0]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException("Thread dump failed: " + ex.getCause(), ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Thread dump failed", ex);
		}
		finally {
			deleteQuietly(file);
			deleteQuietly(dir);
		}
	}

	private ThreadSample sample(Map<String, Object> thread, Map<String, String> platformStates) {
		boolean virtual = Boolean.TRUE.equals(thread.get("virtual"));
		Object name = thread.get("name");
		Object state = thread.get("state");
		if (state == null) {
			// JDK 21 to 24 leave the state out: platform threads get it from ThreadMXBean
			state = virtual ? "UNKNOWN" : platformState(String.valueOf(thread.get("tid")), platformStates);
		}
		List<String> frames = new ArrayList<>();
		if (thread.get("stack") instanceof List<?> stack) {
			for (Object frame : stack) {
				if (frames.size() == MAX_FRAMES) {
					break;
				}
				frames.add(Frames.stripPrefix(String.valueOf(frame)));
			}
		}
		return new ThreadSample(tid(thread.get("tid")), (name != null) ? name.toString() : "", virtual,
				state.toString(), frames);
	}

	private static long tid(@Nullable Object tid) {
		try {
			return (tid != null) ? Long.parseLong(tid.toString()) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private String platformState(String tid, Map<String, String> states) {
		if (states.isEmpty()) {
			for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false, 0)) {
				if (info != null) {
					states.put(Long.toString(info.getThreadId()), info.getThreadState().name());
				}
			}
		}
		return states.getOrDefault(tid, "UNKNOWN");
	}

	private static void deleteQuietly(@Nullable Path path) {
		if (path != null) {
			try {
				Files.deleteIfExists(path);
			}
			catch (IOException ex) {
				// a temp file left behind is not worth failing the dump
			}
		}
	}

}
