package dev.leakguard.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Folds streamed threads into groups of identical state and stack.
 */
final class StackGrouper implements Consumer<ThreadSample> {

	static final int MAX_NAMES = 5;

	private final Map<StackGroup.Key, Members> groups = new HashMap<>();

	@Override
	public void accept(ThreadSample thread) {
		StackGroup.Key key = new StackGroup.Key(thread.state(), thread.virtual(), thread.frames());
		Members members = this.groups.computeIfAbsent(key, (k) -> new Members());
		members.count++;
		if (members.names.size() < MAX_NAMES && !thread.name().isEmpty()) {
			members.names.add(thread.name());
		}
	}

	/**
	 * Returns the groups, largest first.
	 * @param trends the trend of each group
	 * @return the groups
	 */
	List<StackGroup> groups(TrendHistory trends) {
		Map<StackGroup.Key, Integer> counts = new HashMap<>();
		this.groups.forEach((key, members) -> counts.put(key, members.count));
		Map<StackGroup.Key, Trend> trendByKey = trends.record(counts);
		List<StackGroup> result = new ArrayList<>(this.groups.size());
		this.groups.forEach((key, members) -> result.add(new StackGroup(members.count, key.state(), key.virtual(),
				List.copyOf(key.frames()), List.copyOf(members.names), trendByKey.get(key))));
		result.sort(Comparator.comparingInt(StackGroup::count)
			.reversed()
			.thenComparing((group) -> group.frames().isEmpty() ? "" : group.frames().get(0)));
		return result;
	}

	private static final class Members {

		private int count;

		private final List<String> names = new ArrayList<>(MAX_NAMES);

	}

}
