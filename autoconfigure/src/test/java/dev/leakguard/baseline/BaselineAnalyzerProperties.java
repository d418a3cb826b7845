package dev.leakguard.baseline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyzer over generated series, sampled every 10s over a 5 minute window (30
 * samples): healthy bursts of any height, width and decay (ramping up within less than a
 * sixth of the window) never read as a rising baseline; a leak that keeps at least half
 * the threshold (1 thread on a floor under 20) after each of 3 or more waves within one
 * window always does; noise below the threshold never does.
 */
class BaselineAnalyzerProperties {

	private static final long STEP = 10_000;

	private static final int WINDOW_SAMPLES = 30;

	@Property(tries = 2000)
	void healthyBurstsNeverReadAsRisingBaseline(@ForAll @LongRange(max = 500) long base,
			@ForAll @IntRange(max = 8) int bursts, @ForAll long seed) {
		Random random = new Random(seed);
		List<Long> series = new ArrayList<>(flat(base, 1 + random.nextInt(40)));
		for (int b = 0; b < bursts; b++) {
			long height = 1 + random.nextInt(2000);
			// ramp: up to 4 samples (less than a sixth of the window), values anywhere on the way up
			int ramp = 1 + random.nextInt(4);
			long value = base;
			for (int i = 0; i < ramp; i++) {
				value = (i == ramp - 1) ? base + height : value + random.nextLong(Math.max(1, base + height - value));
				series.add(value);
			}
			series.addAll(flat(base + height, random.nextInt(40)));
			// decay back to the base, in random steps down (idle threads timing out one by one)
			long level = base + height;
			int decay = random.nextInt(40);
			for (int i = 0; i < decay && level > base; i++) {
				level -= random.nextLong(level - base + 1);
				series.add(level);
			}
			if (b < bursts - 1 || random.nextBoolean()) {
				series.addAll(flat(base, 1 + random.nextInt(40))); // back on the floor
			}
		}
		assertThat(feed(series)).doesNotContain(Status.RISING_BASELINE);
	}

	@Property(tries = 2000)
	void leakThatKeepsThreadsAfterEveryWaveAlwaysReadsAsRisingBaseline(@ForAll @LongRange(max = 300) long base,
			@ForAll @IntRange(min = 3, max = 6) int waves, @ForAll @IntRange(max = 50) int extra, @ForAll long seed) {
		Random random = new Random(seed);
		long threshold = Math.max(2, base / 10);
		// each wave keeps at least half the threshold: from the second wave on, the floor rose by it
		long kept = (threshold + 1) / 2 + extra % 5;
		// the waves and the floor before the first of them fit in one window
		int period = (WINDOW_SAMPLES - 4) / waves;
		List<Long> series = new ArrayList<>(flat(base, WINDOW_SAMPLES)); // a filled window at the base
		long floor = base;
		for (int w = 0; w < waves; w++) {
			long peak = floor + kept + random.nextInt(1000);
			series.add(peak);
			int decay = random.nextInt(Math.max(1, period / 2));
			for (int i = 0; i < decay; i++) {
				series.add(floor + kept + random.nextLong(peak - floor - kept + 1));
			}
			floor += kept;
			series.addAll(flat(floor, period - 1 - decay));
		}
		series.add(floor);
		List<Status> seen = feed(series);
		assertThat(seen.get(seen.size() - 1)).as("series %s", series).isEqualTo(Status.RISING_BASELINE);
	}

	@Property(tries = 1000)
	void noiseBelowTheThresholdNeverReadsAsRisingBaseline(@ForAll @LongRange(max = 500) long base,
			@ForAll long seed) {
		Random random = new Random(seed);
		long amplitude = Math.max(2, base / 10) - 1;
		List<Long> series = new ArrayList<>();
		for (int i = 0; i < 90; i++) {
			series.add(base + random.nextLong(amplitude + 1));
		}
		assertThat(feed(series)).doesNotContain(Status.RISING_BASELINE);
	}

	private static List<Status> feed(List<Long> values) {
		BaselineAnalyzer analyzer = new BaselineAnalyzer(Duration.ofMillis(STEP * WINDOW_SAMPLES),
				Duration.ofMillis(STEP));
		List<Status> seen = new ArrayList<>();
		long time = 0;
		for (long value : values) {
			analyzer.record("s", time, value);
			seen.add(analyzer.status("s"));
			time += STEP;
		}
		return seen;
	}

	private static List<Long> flat(long value, int times) {
		List<Long> values = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			values.add(value);
		}
		return values;
	}

}
