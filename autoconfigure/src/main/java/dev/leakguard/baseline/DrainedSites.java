package dev.leakguard.baseline;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers the call sites the analyzer suspected of leaking, and says so, once, when one
 * drains to zero tasks: the suspicion ends with how long it held, as HikariCP's
 * "previously reported leaked connection was returned" does.
 */
public final class DrainedSites {

	static final int MAX_REMEMBERED = 16;

	private final System.Logger logger;

	private final Map<String, Suspect> suspects = new HashMap<>();

	private final Deque<Drained> recent = new ArrayDeque<>();

	public DrainedSites() {
		this(System.getLogger(DrainedSites.class.getName()));
	}

	/**
	 * Creates an instance that says so through the given logger.
	 * @param logger where the one line per drained call site goes
	 */
	public DrainedSites(System.Logger logger) {
		this.logger = logger;
	}

	/**
	 * Looks at one sample, after the analyzer recorded it.
	 * @param analyzer the analyzer
	 * @param sample the value of each series
	 * @param timeMillis when it was taken
	 */
	synchronized void sampled(BaselineAnalyzer analyzer, Map<String, Long> sample, long timeMillis) {
		sample.forEach((series, value) -> {
			if (!Series.isTasks(series)) {
				return;
			}
			Suspect suspect = this.suspects.get(series);
			if (value == 0 && suspect != null) {
				this.suspects.remove(series);
				drained(series, suspect, timeMillis);
			}
			else if (analyzer.status(series) == Status.RISING_BASELINE) {
				if (suspect == null) {
					this.suspects.put(series, new Suspect(timeMillis, value));
				}
				else {
					suspect.peak = Math.max(suspect.peak, value);
				}
			}
		});
	}

	private void drained(String series, Suspect suspect, long timeMillis) {
		Duration held = Duration.ofMillis(timeMillis - suspect.sinceMillis);
		Drained drained = new Drained(Series.callSite(series), Instant.ofEpochMilli(suspect.sinceMillis),
				Instant.ofEpochMilli(timeMillis), suspect.peak);
		if (this.recent.size() == MAX_REMEMBERED) {
			this.recent.removeFirst();
		}
		this.recent.addLast(drained);
		if (this.logger.isLoggable(System.Logger.Level.INFO)) {
			this.logger.log(System.Logger.Level.INFO, "Tasks at " + drained.callSite() + " drained to 0 after "
					+ held.toSeconds() + "s suspected of leaking (peak " + suspect.peak + "): no longer suspected");
		}
	}

	/**
	 * Returns the suspected call sites that drained lately, oldest first.
	 * @return at most {@value #MAX_REMEMBERED} of them
	 */
	public synchronized List<Drained> recent() {
		return List.copyOf(this.recent);
	}

	/**
	 * A suspected call site that drained.
	 *
	 * @param callSite the call site
	 * @param suspectedAt when the analyzer first saw its baseline rise
	 * @param drainedAt when it was first seen with no task left
	 * @param peak the most tasks seen while suspected
	 */
	public record Drained(String callSite, Instant suspectedAt, Instant drainedAt, long peak) {

		/**
		 * Returns how long the suspicion held.
		 * @return the time from suspected to drained
		 */
		public Duration held() {
			return Duration.between(this.suspectedAt, this.drainedAt);
		}

	}

	private static final class Suspect {

		private final long sinceMillis;

		private long peak;

		Suspect(long sinceMillis, long peak) {
			this.sinceMillis = sinceMillis;
			this.peak = peak;
		}

	}

}
