package dev.leakguard.snapshot;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The group counts of the snapshots taken within the window, to tell each group's trend.
 * It keeps a fingerprint per group, never the frames, so its memory is bounded by the
 * number of groups times {@code maxSnapshots}.
 */
final class TrendHistory {

	private final long windowNanos;

	private final int maxSnapshots;

	private final Deque<Sample> samples = new ArrayDeque<>();

	TrendHistory(Duration window, int maxSnapshots) {
		this.windowNanos = window.toNanos();
		this.maxSnapshots = maxSnapshots;
	}

	/**
	 * Records a snapshot's counts and returns each group's trend against the earlier ones.
	 * @param counts the count of each group now
	 * @return the trend of each group
	 */
	synchronized Map<StackGroup.Fingerprint, Trend> record(Map<StackGroup.Fingerprint, Integer> counts) {
		long now = System.nanoTime();
		while (!this.samples.isEmpty()
				&& (now - this.samples.peekFirst().nanos > this.windowNanos || this.samples.size() >= this.maxSnapshots)) {
			this.samples.removeFirst();
		}
		Map<StackGroup.Fingerprint, Trend> trends = new HashMap<>();
		counts.forEach((key, count) -> trends.put(key, trend(key, count)));
		this.samples.addLast(new Sample(now, counts));
		return trends;
	}

	private Trend trend(StackGroup.Fingerprint key, int count) {
		int min = Integer.MAX_VALUE;
		int max = Integer.MIN_VALUE;
		for (Sample sample : this.samples) {
			Integer earlier = sample.counts.get(key);
			int value = (earlier != null) ? earlier : 0;
			min = Math.min(min, value);
			max = Math.max(max, value);
		}
		if (max <= 0) {
			return Trend.NEW;
		}
		if (count > max) {
			return Trend.RISING;
		}
		return (count < min) ? Trend.FALLING : Trend.STABLE;
	}

	private record Sample(long nanos, Map<StackGroup.Fingerprint, Integer> counts) {
	}

}
