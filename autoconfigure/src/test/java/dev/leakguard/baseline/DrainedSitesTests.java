package dev.leakguard.baseline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.util.ResourceBundle;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call site the analyzer suspected, which then drains to zero, is said to have drained,
 * once, with how long the suspicion held; one never suspected is not.
 */
class DrainedSitesTests {

	private static final long STEP = 10_000;

	private final BaselineAnalyzer analyzer = new BaselineAnalyzer(Duration.ofMinutes(5), Duration.ofMillis(STEP));

	private final List<String> logged = new ArrayList<>();

	private final DrainedSites drained = new DrainedSites(new RecordingLogger(this.logged));

	@Test
	void suspectedSiteThatDrainsIsReportedOnce() {
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
		assertThat(this.logged).singleElement().asString().startsWith("INFO Tasks at com.example.Api.send drained to 0 after");
	}

	@Test
	void burstThatFallsBackWasNeverSuspected() {
		String series = Series.tasks("com.example.Api.burst");
		List<Long> values = new ArrayList<>(repeat(0, 30));
		values.addAll(repeat(50, 3));
		values.addAll(repeat(0, 10));
		feed(series, values, 0);
		assertThat(this.drained.recent()).isEmpty();
		assertThat(this.logged).isEmpty();
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

	/** A {@link System.Logger} that keeps what it is told, level first. */
	private record RecordingLogger(List<String> lines) implements System.Logger {

		@Override
		public String getName() {
			return "recording";
		}

		@Override
		public boolean isLoggable(Level level) {
			return true;
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
			this.lines.add(level + " " + message);
		}

		@Override
		public void log(Level level, ResourceBundle bundle, String format, Object... params) {
			this.lines.add(level + " " + format);
		}

	}

	private static List<Long> repeat(long value, int times) {
		List<Long> values = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			values.add(value);
		}
		return values;
	}

}
