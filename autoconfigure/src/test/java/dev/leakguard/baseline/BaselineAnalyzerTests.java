package dev.leakguard.baseline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyzer on synthetic series sampled every 10s over a 5 minute window.
 */
class BaselineAnalyzerTests {

	private static final long STEP = 10_000;

	private final BaselineAnalyzer analyzer = new BaselineAnalyzer(Duration.ofMinutes(5), Duration.ofMillis(STEP));

	@Test
	void flatSeriesIsOk() {
		List<Status> seen = feed(repeat(40, 60));
		assertThat(seen).containsOnly(Status.OK);
		assertThat(this.analyzer.floor("s")).isEqualTo(40);
	}

	@Test
	void burstThatFallsBackIsSpikeNeverRisingBaseline() {
		List<Long> series = new ArrayList<>(repeat(40, 30));
		series.addAll(repeat(400, 6));
		series.addAll(repeat(40, 30));
		List<Status> seen = feed(series);
		assertThat(seen).contains(Status.SPIKE).doesNotContain(Status.RISING_BASELINE);
		assertThat(seen.get(seen.size() - 1)).isEqualTo(Status.OK);
	}

	@Test
	void repeatedBurstsOnAStableFloorAreNeverRisingBaseline() {
		List<Long> series = new ArrayList<>();
		for (int wave = 0; wave < 6; wave++) {
			series.addAll(repeat(40, 6));
			series.addAll(repeat(300 + wave * 20, 4));
		}
		assertThat(feed(series)).contains(Status.SPIKE).doesNotContain(Status.RISING_BASELINE);
	}

	@Test
	void threeWavesThatEachLeaveTheFloorHigherAreRisingBaseline() {
		List<Long> series = new ArrayList<>();
		for (int wave = 0; wave < 3; wave++) {
			long floor = 40 + wave * 15L;
			series.addAll(repeat(floor, 7)); // the trough after the previous wave
			series.addAll(repeat(floor + 100, 3)); // the wave itself
		}
		List<Status> seen = feed(series);
		assertThat(seen.get(seen.size() - 1)).isEqualTo(Status.RISING_BASELINE);
		assertThat(this.analyzer.verdict("s").status()).isEqualTo(Status.RISING_BASELINE);
		assertThat(this.analyzer.verdict("s").rising()).containsExactly("s");
	}

	@Test
	void slowNoiseBelowTheThresholdIsNotRising() {
		List<Long> series = new ArrayList<>(repeat(40, 10));
		series.addAll(repeat(41, 10));
		series.addAll(repeat(42, 10));
		assertThat(feed(series)).doesNotContain(Status.RISING_BASELINE);
	}

	@Test
	void windowNotYetFilledIsOkAndSaysSo() {
		List<Long> series = List.of(1L, 2L, 3L, 40L, 5L, 60L, 7L, 80L, 9L, 100L);
		assertThat(feed(series)).containsOnly(Status.OK);
		Verdict verdict = this.analyzer.verdict("s");
		assertThat(verdict.status()).isEqualTo(Status.OK);
		assertThat(verdict.detail()).isEqualTo("Collecting baseline: 10 of 28 samples");
	}

	/** The reliability probe's series: one burst on a cached pool, one sample caught mid-ramp. */
	@Test
	void oneBurstCaughtMidRampIsNeverRisingBaseline() {
		List<Long> series = new ArrayList<>(repeat(34, 40));
		series.add(94L);
		series.addAll(repeat(150, 40));
		assertThat(feed(series)).doesNotContain(Status.RISING_BASELINE);
	}

	@Test
	void verdictNamesTaskSeriesByCallSite() {
		List<Long> series = new ArrayList<>();
		for (int i = 0; i < 31; i++) {
			series.add((long) i);
		}
		long time = 0;
		for (long value : series) {
			this.analyzer.record(Series.tasks("com.example.Foo.bar(Foo.java:12)"), time, value);
			this.analyzer.record(Series.PLATFORM_THREADS, time, 40);
			time += STEP;
		}
		assertThat(this.analyzer.verdict(Series.PLATFORM_THREADS).detail())
			.isEqualTo("Floor climbs after every wave for tasks at com.example.Foo.bar(Foo.java:12)");
	}

	private List<Status> feed(List<Long> values) {
		List<Status> seen = new ArrayList<>();
		long time = 0;
		for (long value : values) {
			this.analyzer.record("s", time, value);
			seen.add(this.analyzer.status("s"));
			time += STEP;
		}
		return seen;
	}

	private static List<Long> repeat(long value, int times) {
		List<Long> values = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			values.add(value);
		}
		return values;
	}

}
