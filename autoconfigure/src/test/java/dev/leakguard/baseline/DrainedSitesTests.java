package dev.leakguard.baseline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call site the analyzer suspected, which then drains to zero, is said to have drained,
 * once, with how long the suspicion held; one never suspected is not.
 */
@ExtendWith(OutputCaptureExtension.class)
class DrainedSitesTests {

	private static final long STEP = 10_000;

	private final BaselineAnalyzer analyzer = new BaselineAnalyzer(Duration.ofMinutes(5), Duration.ofMillis(STEP));

	private final DrainedSites drained = new DrainedSites();

	@Test
	void suspectedSiteThatDrainsIsReportedOnce(CapturedOutput output) {
		String series = Series.tasks("com.example.Api.send");
		List<Long> values = new ArrayList<>();
		for (int wave = 0; wave < 3; wave++) {
			long floor = 40 + wave * 15L;
			values.addAll(repeat(floor, 7));
			values.addAll(repeat(floor + 100, 3));
		}
		long time = feed(series, values, 0);
		assertThat(this.analyzer.status(series)).isEqualTo(Status.RISING_BASELINE);
		assertThat(this.drained.recent()).isEmpty();
		time = feed(series, List.of(3L, 0L, 0L, 0L), time);
		assertThat(this.drained.recent()).singleElement().satisfies((site) -> {
			assertThat(site.callSite()).isEqualTo("com.example.Api.send");
			assertThat(site.peak()).isEqualTo(170);
			assertThat(site.held()).isPositive();
		});
		assertThat(output).containsOnlyOnce("Tasks at com.example.Api.send drained to 0 after");
	}

	@Test
	void burstThatFallsBackWasNeverSuspected(CapturedOutput output) {
		String series = Series.tasks("com.example.Api.burst");
		List<Long> values = new ArrayList<>(repeat(0, 30));
		values.addAll(repeat(50, 3));
		values.addAll(repeat(0, 10));
		feed(series, values, 0);
		assertThat(this.drained.recent()).isEmpty();
		assertThat(output).doesNotContain("drained");
	}

	private long feed(String series, List<Long> values, long start) {
		long time = start;
		for (long value : values) {
			this.analyzer.record(series, time, value);
			this.drained.sampled(this.analyzer, Map.of(series, value), time);
			time += STEP;
		}
		return time;
	}

	private static List<Long> repeat(long value, int times) {
		List<Long> values = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			values.add(value);
		}
		return values;
	}

}
