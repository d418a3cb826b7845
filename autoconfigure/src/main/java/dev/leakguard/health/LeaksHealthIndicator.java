package dev.leakguard.health;

import dev.leakguard.baseline.BaselineAnalyzer;
import dev.leakguard.baseline.Series;
import dev.leakguard.baseline.Status;
import dev.leakguard.baseline.Verdict;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The analyzer's verdict as health: UP while threads and tasks stay near their floor or
 * only spike, the configured status (DOWN by default) while a baseline rises, with the
 * top suspected call site. Opt-in, and in no health group unless the application adds it:
 * a slow leak is a reason to look, rarely one to restart.
 */
public final class LeaksHealthIndicator implements HealthIndicator {

	private final BaselineAnalyzer analyzer;

	private final org.springframework.boot.health.contributor.Status risingStatus;

	public LeaksHealthIndicator(BaselineAnalyzer analyzer, String risingStatus) {
		this.analyzer = analyzer;
		this.risingStatus = new org.springframework.boot.health.contributor.Status(risingStatus);
	}

	@Override
	public Health health() {
		Verdict verdict = this.analyzer.verdict(Series.PLATFORM_THREADS);
		Health.Builder health = (verdict.status() == Status.RISING_BASELINE) ? Health.status(this.risingStatus)
				: Health.up();
		health.withDetail("verdict", verdict.status().name())
			.withDetail("baseline", verdict.baseline())
			.withDetail("detail", verdict.detail());
		String suspected = verdict.rising().stream().filter(Series::isTasks).findFirst().orElse(null);
		if (suspected != null) {
			health.withDetail("suspectedCallSite", Series.callSite(suspected));
		}
		return health.build();
	}

}
