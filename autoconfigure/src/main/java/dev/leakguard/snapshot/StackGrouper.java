package dev.leakguard.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folds streamed threads into groups of identical state and stack, sharing frame strings
 * with earlier snapshots and estimating what the snapshot holds on to.
 */
final class StackGrouper implements Consumer<ThreadSample> {

	static final int MAX_NAMES = 5;

	static final int MAX_NAME_LENGTH = 256;

	private static final int GROUP_OVERHEAD_BYTES = 160;

	private final FrameInterner frames;

	private final Map<StackGroup.Key, Members> groups = new HashMap<>();

	private long estimatedBytes;

	StackGrouper(FrameInterner frames) {
		this.frames = frames;
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
		members.count++;
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
	List<StackGroup> groups(TrendHistory trends) {
		Map<StackGroup.Fingerprint, Integer> counts = new HashMap<>();
		Map<StackGroup.Key, StackGroup.Fingerprint> fingerprints = new HashMap<>();
		this.groups.forEach((key, members) -> {
			StackGroup.Fingerprint fingerprint = key.fingerprint();
			fingerprints.put(key, fingerprint);
			counts.merge(fingerprint, members.count, Integer::sum);
		});
		Map<StackGroup.Fingerprint, Trend> trendByKey = trends.record(counts);
		List<StackGroup> result = new ArrayList<>(this.groups.size());
		this.groups.forEach((key, members) -> result.add(new StackGroup(members.count, key.state(), key.virtual(),
				key.frames(), List.copyOf(members.names), trendByKey.get(fingerprints.get(key)))));
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

		private final List<String> names = new ArrayList<>(MAX_NAMES);

	}

}
