package dev.leakguard.baseline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells a temporary spike from a rising baseline. Each series keeps the samples of the
 * last {@code window}; the window is cut into three equal thirds and the lowest value of
 * each third (its trough) is compared. Troughs that climb third after third, by at least
 * {@code max(2, 10% of the first trough)} overall, are a rising baseline: something is
 * kept after every wave of load. A last value that far above the window's floor, without
 * climbing troughs, is a spike. A window not yet filled can show a spike, never a rising
 * baseline.
 */
public final class BaselineAnalyzer {

	private static final int THIRDS = 3;

	private final long windowMillis;

	private final Map<String, Samples> series = new ConcurrentHashMap<>();

	public BaselineAnalyzer(Duration window) {
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("window must be positive, was " + window);
		}
		this.windowMillis = window.toMillis();
	}

	/**
	 * Records one sample.
	 * @param name the series, such as {@code threads.platform}
	 * @param timeMillis when it was taken
	 * @param value the value
	 */
	public void record(String name, long timeMillis, long value) {
		this.series.computeIfAbsent(name, (key) -> new Samples()).add(timeMillis, value, this.windowMillis);
	}

	/**
	 * Classifies one series as of its last sample.
	 * @param name the series
	 * @return its status, {@link Status#OK} for an unknown series
	 */
	public Status status(String name) {
		Samples series = this.series.get(name);
		return (series != null) ? series.status(this.windowMillis) : Status.OK;
	}

	/**
	 * Returns the lowest value of a series within the window.
	 * @param name the series
	 * @return the floor, or {@code -1} for an unknown series
	 */
	public long floor(String name) {
		Samples series = this.series.get(name);
		return (series != null) ? series.floor() : -1;
	}

	/**
	 * Returns the overall verdict over all series.
	 * @param baselineSeries the series whose floor is reported as the baseline
	 * @return the verdict
	 */
	public Verdict verdict(String baselineSeries) {
		List<String> rising = new ArrayList<>();
		List<String> spiking = new ArrayList<>();
		this.series.forEach((name, series) -> {
			Status status = series.status(this.windowMillis);
			if (status == Status.RISING_BASELINE) {
				rising.add(name);
			}
			else if (status == Status.SPIKE) {
				spiking.add(name);
			}
		});
		rising.sort(null);
		spiking.sort(null);
		long baseline = floor(baselineSeries);
		if (!rising.isEmpty()) {
			return new Verdict(Status.RISING_BASELINE, baseline, rising, spiking,
					"Floor climbs after every wave for " + describe(rising));
		}
		if (!spiking.isEmpty()) {
			return new Verdict(Status.SPIKE, baseline, rising, spiking,
					"Above the floor but the floor holds for " + describe(spiking));
		}
		return new Verdict(Status.OK, baseline, rising, spiking, "All series near their floor");
	}

	private static String describe(List<String> names) {
		return String.join(", ", names.stream().map(Series::describe).toList());
	}

	private static final class Samples {

		private final Deque<long[]> samples = new ArrayDeque<>();

		synchronized void add(long time, long value, long window) {
			this.samples.addLast(new long[] { time, value });
			while (time - this.samples.peekFirst()[0] > window) {
				this.samples.removeFirst();
			}
		}

		synchronized long floor() {
			long floor = Long.MAX_VALUE;
			for (long[] sample : this.samples) {
				floor = Math.min(floor, sample[1]);
			}
			return (floor == Long.MAX_VALUE) ? -1 : floor;
		}

		synchronized Status status(long window) {
			if (this.samples.isEmpty()) {
				return Status.OK;
			}
			long last = this.samples.peekLast()[1];
			long floor = floor();
			if (isRising(window)) {
				return Status.RISING_BASELINE;
			}
			return (last - floor >= threshold(floor)) ? Status.SPIKE : Status.OK;
		}

		private boolean isRising(long window) {
			long end = this.samples.peekLast()[0];
			long start = end - window;
			if (this.samples.peekFirst()[0] > start + window / 10) {
				return false; // the window is not filled yet
			}
			long[] troughs = new long[THIRDS];
			Arrays.fill(troughs, Long.MAX_VALUE);
			for (long[] sample : this.samples) {
				int third = (int) Math.min(THIRDS - 1, Math.max(0, (sample[0] - start) * THIRDS / window));
				troughs[third] = Math.min(troughs[third], sample[1]);
			}
			for (int i = 1; i < THIRDS; i++) {
				if (troughs[i] == Long.MAX_VALUE || troughs[i - 1] == Long.MAX_VALUE || troughs[i] <= troughs[i - 1]) {
					return false;
				}
			}
			return troughs[THIRDS - 1] - troughs[0] >= threshold(troughs[0]);
		}

		private static long threshold(long floor) {
			return Math.max(2, floor / 10);
		}

	}

}
