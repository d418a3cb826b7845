package dev.leakguard.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Folds streamed threads into groups of identical state and stack, sharing frame strings
 * with earlier snapshots and estimating what the snapshot holds on to.
 */
final class StackGrouper implements Consumer<ThreadSample> {

	static final int MAX_NAMES = 5;

	static final int MAX_NAME_LENGTH = 256;

	private static final int GROUP_OVERHEAD_BYTES = 160;

	/** Distinct creators listed per group; the rest add up under {@code other}. */
	static final int MAX_CREATORS = 8;

	static final ThreadOrigin OTHER_CREATORS = new ThreadOrigin("other", null, null);

	private final FrameInterner frames;

	private final Map<Long, ThreadOrigin> creators;

	private final Map<StackGroup.Key, Members> groups = new HashMap<>();

	private long estimatedBytes;

	StackGrouper(FrameInterner frames) {
		this(frames, Map.of());
	}

	/**
	 * Creates a grouper for one dump.
	 * @param frames the frame strings shared between snapshots
	 * @param creators the call site behind each thread whose creator is known
	 */
	StackGrouper(FrameInterner frames, Map<Long, ThreadOrigin> creators) {
		this.frames = frames;
		this.creators = creators;
	}

	@Override
	public void accept(ThreadSample thread) {
		StackGroup.Key key = new StackGroup.Key(thread.state(), thread.virtual(), thread.frames());
		Members members = this.groups.get(key);
		if (members == null) {
			members = new Members();
			StackGroup.Key shared = new StackGroup.Key(thread.state(), thread.virtual(),
					this.frames.intern(thread.frames()));
			this.groups.put(shared, members);
			this.estimatedBytes += GROUP_OVERHEAD_BYTES + 8L * shared.frames().size();
			for (String frame : shared.frames()) {
				if (!this.frames.isShared(frame)) {
					this.estimatedBytes += 48 + 2L * frame.length();
				}
			}
		}
		members.add(thread.tid(), this.creators.get(thread.tid()));
		if (members.names.size() < MAX_NAMES && !thread.name().isEmpty()) {
			String name = cut(thread.name());
			members.names.add(name);
			this.estimatedBytes += 48 + 2L * name.length();
		}
	}

	/**
	 * Returns what the groups hold, roughly, in bytes: frames shared with other snapshots
	 * count as references only.
	 * @return the estimate
	 */
	long estimatedBytes() {
		return this.estimatedBytes;
	}

	/**
	 * Returns the groups, largest first.
	 * @param trends the trend of each group
	 * @return the groups
	 */
	List<StackGroup> groups(TrendHistory trends, ThreadHolds holds) {
		Map<StackGroup.Fingerprint, Integer> counts = new HashMap<>();
		Map<StackGroup.Fingerprint, long[]> tids = new HashMap<>();
		Map<StackGroup.Key, StackGroup.Fingerprint> fingerprints = new HashMap<>();
		this.groups.forEach((key, members) -> {
			StackGroup.Fingerprint fingerprint = key.fingerprint();
			fingerprints.put(key, fingerprint);
			counts.merge(fingerprint, members.count, Integer::sum);
			tids.put(fingerprint, members.tids());
		});
		Map<StackGroup.Fingerprint, Trend> trendByKey = trends.record(counts);
		Map<StackGroup.Fingerprint, Long> stuck = holds.record(tids, System.nanoTime());
		List<StackGroup> result = new ArrayList<>(this.groups.size());
		this.groups.forEach((key, members) -> {
			StackGroup.Fingerprint fingerprint = fingerprints.get(key);
			String waitReason = WaitReasons.of(key.state(), key.frames());
			// waiting for work is what idle threads are for: they are never stuck
			Long stuckNanos = WaitReasons.isIdle(waitReason) ? null : stuck.get(fingerprint);
			result.add(new StackGroup(members.count, key.state(), key.virtual(), key.frames(),
					List.copyOf(members.names), trendByKey.get(fingerprint), waitReason, members.createdBy(),
					(stuckNanos != null) ? Duration.ofNanos(stuckNanos) : null));
		});
		result.sort(Comparator.comparingInt(StackGroup::count)
			.reversed()
			.thenComparing((group) -> group.frames().isEmpty() ? "" : group.frames().get(0)));
		return result;
	}

	private static String cut(String name) {
		return (name.length() <= MAX_NAME_LENGTH) ? name : name.substring(0, MAX_NAME_LENGTH) + "…";
	}

	private static final class Members {

		private int count;

		private long[] tids = new long[4];

		private final List<String> names = new ArrayList<>(MAX_NAMES);

		private @Nullable Map<ThreadOrigin, Integer> createdBy;

		void add(long tid, @Nullable ThreadOrigin creator) {
			if (this.count == this.tids.length) {
				this.tids = Arrays.copyOf(this.tids, this.count * 2);
			}
			this.tids[this.count++] = tid;
			if (creator != null) {
				if (this.createdBy == null) {
					this.createdBy = new HashMap<>();
				}
				ThreadOrigin key = (this.createdBy.size() < MAX_CREATORS || this.createdBy.containsKey(creator))
						? creator : OTHER_CREATORS;
				this.createdBy.merge(key, 1, Integer::sum);
			}
		}

		long[] tids() {
			return Arrays.copyOf(this.tids, this.count);
		}

		List<Creator> createdBy() {
			if (this.createdBy == null) {
				return List.of();
			}
			List<Creator> creators = new ArrayList<>();
			this.createdBy.forEach((origin, count) -> creators
				.add(new Creator(origin.callSite(), origin.executor(), origin.route(), count)));
			creators.sort(Comparator.comparingInt(Creator::count).reversed().thenComparing(Creator::callSite));
			return List.copyOf(creators);
		}

	}

}
