package dev.leakguard.baseline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells a temporary spike from a rising baseline. Each series keeps the samples of the
 * last {@code window}. Its floor staircase is the lowest value from each sample on to the
 * last one: a leak leaves that floor higher after every wave of load, while a burst,
 * however high, only moves it while it ramps up, in a sample or two. So a series is a
 * rising baseline when its floor stepped up at least twice, with the first and last step
 * at least a third of the window apart, by at least {@code max(2, 10% of the floor)}
 * overall. A last value that far above the window's floor, without such a staircase, is
 * a spike. Until the window is filled the series reads OK: the baseline is still being
 * collected.
 */
public final class BaselineAnalyzer {

	/** How much of the window must be covered before a series is judged. */
	private static final double FILLED = 0.9;

	private final long windowMillis;

	private final long intervalMillis;

	private final Map<String, Samples> series = new ConcurrentHashMap<>();

	/**
	 * Creates an analyzer.
	 * @param window how far back it looks
	 * @param interval how often samples are recorded, to tell how many the window needs
	 */
	public BaselineAnalyzer(Duration window, Duration interval) {
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("window must be positive, was " + window);
		}
		this.windowMillis = window.toMillis();
		this.intervalMillis = Math.max(1, interval.toMillis());
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
		Samples baseline = this.series.get(baselineSeries);
		if (baseline == null || !baseline.filled(this.windowMillis)) {
			long needed = (long) Math.ceil(this.windowMillis * FILLED / this.intervalMillis) + 1;
			long have = (baseline != null) ? Math.min(baseline.size(), needed - 1) : 0;
			return new Verdict(Status.OK, floor(baselineSeries), List.of(), List.of(),
					"Collecting baseline: " + have + " of " + needed + " samples");
		}
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
		long floor = baseline.floor();
		if (!rising.isEmpty()) {
			return new Verdict(Status.RISING_BASELINE, floor, rising, spiking,
					"Floor climbs after every wave for " + describe(rising));
		}
		if (!spiking.isEmpty()) {
			return new Verdict(Status.SPIKE, floor, rising, spiking,
					"Above the floor but the floor holds for " + describe(spiking));
		}
		return new Verdict(Status.OK, floor, rising, spiking, "All series near their floor");
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

		synchronized int size() {
			return this.samples.size();
		}

		synchronized boolean filled(long window) {
			return !this.samples.isEmpty()
					&& this.samples.peekLast()[0] - this.samples.peekFirst()[0] >= (long) (window * FILLED);
		}

		synchronized long floor() {
			long floor = Long.MAX_VALUE;
			for (long[] sample : this.samples) {
				floor = Math.min(floor, sample[1]);
			}
			return (floor == Long.MAX_VALUE) ? -1 : floor;
		}

		synchronized Status status(long window) {
			if (!filled(window)) {
				return Status.OK;
			}
			if (isRising(window)) {
				return Status.RISING_BASELINE;
			}
			long floor = floor();
			return (this.samples.peekLast()[1] - floor >= threshold(floor)) ? Status.SPIKE : Status.OK;
		}

		/**
		 * The floor staircase, F(t) = the lowest value from t on, steps up wherever a
		 * value is never reached again. Rising: some step in the first two thirds of the
		 * window already lifted the floor by the threshold, and the floor stepped up
		 * again in the last third, at least a sixth of the window later. A burst moves the
		 * staircase only while it ramps up, within less than a sixth of the window, so it
		 * can never satisfy both; a leak that keeps something after each wave does.
		 */
		private boolean isRising(long window) {
			long end = this.samples.peekLast()[0];
			long lowest = Long.MAX_VALUE;
			long lastStep = Long.MIN_VALUE;
			long newerTime = end;
			// walking back in time, F is the lowest value seen so far; a new low is a step up at newerTime
			List<long[]> steps = new ArrayList<>();
			for (var it = this.samples.descendingIterator(); it.hasNext();) {
				long[] sample = it.next();
				if (sample[1] < lowest) {
					if (lowest != Long.MAX_VALUE) {
						steps.add(new long[] { newerTime, lowest });
						lastStep = Math.max(lastStep, newerTime);
					}
					lowest = sample[1];
				}
				newerTime = sample[0];
			}
			if (lastStep <= end - window / 3) {
				return false; // the floor did not step up in the last third
			}
			long base = lowest;
			for (long[] step : steps) {
				boolean early = step[0] <= end - window / 3;
				if (early && step[1] - base >= threshold(base) && lastStep - step[0] >= window / 6) {
					return true;
				}
			}
			return false;
		}

		private static long threshold(long floor) {
			return Math.max(2, floor / 10);
		}

	}

}
