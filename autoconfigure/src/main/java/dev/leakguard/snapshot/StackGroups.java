package dev.leakguard.snapshot;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Groups a given set of threads, once, as snapshots group all of them: for tools that
 * pick the threads themselves, such as a test's leak gate.
 */
public final class StackGroups {

	private static final int MAX_FRAMES = 10_000;

	private StackGroups() {
	}

	/**
	 * Groups threads by state and identical stack, largest group first.
	 * @param threads the threads
	 * @param origins who created some of them, by thread id
	 * @return the groups, each with its wait reason and creators; no trend history
	 */
	public static List<StackGroup> of(List<ThreadSample> threads, Map<Long, ThreadOrigin> origins) {
		StackGrouper grouper = new StackGrouper(new FrameInterner(MAX_FRAMES), origins);
		threads.forEach(grouper);
		return grouper.groups(new TrendHistory(Duration.ZERO, 1), new ThreadHolds());
	}

}
