package dev.leakguard.scope;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that fires scope deadlines. Scopes only schedule here once something
 * registers interest in their cancellation, so plain requests cost nothing.
 */
final class DeadlineTimer {

	private static final ScheduledThreadPoolExecutor TIMER = create();

	private DeadlineTimer() {
	}

	static ScheduledFuture<?> schedule(Runnable action, long delayNanos) {
		return TIMER.schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
	}

	private static ScheduledThreadPoolExecutor create() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "leakguard-deadlines");
			thread.setDaemon(true);
			return thread;
		});
		timer.setRemoveOnCancelPolicy(true);
		return timer;
	}

}
