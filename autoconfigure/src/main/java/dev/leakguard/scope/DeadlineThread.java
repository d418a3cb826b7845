package dev.leakguard.scope;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Leakguard's deadline thread, for periodic jobs of its other packages: one daemon thread
 * that fires scope deadlines and ends once nothing is pending for a few seconds, so a job
 * that cancels itself when idle leaves nothing running behind. Internal to leakguard,
 * shared by its packages.
 */
public final class DeadlineThread {

	/** How late a deadline may fire, at most: the deadline timer's tick. */
	public static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(DeadlineTimer.TICK_MILLIS);

	private DeadlineThread() {
	}

	/**
	 * Runs a periodic job on the deadline thread. Jobs must be quick: deadlines fire on
	 * the same thread.
	 * @param job the job, to cancel through the returned future
	 * @param periodNanos its period
	 * @return the job's future
	 */
	public static ScheduledFuture<?> every(Runnable job, long periodNanos) {
		return DeadlineTimer.every(job, periodNanos);
	}

}
