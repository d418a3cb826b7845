package dev.leakguard.scope;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread that fires scope deadlines. Scopes schedule here only while something
 * listens for their cancellation, and cancel their timer when the request ends with
 * nothing left listening, so the queue holds the deadlines of work in flight, not of
 * every request of the last {@code leakguard.request.deadline}. The thread ends once no
 * deadline is pending for {@value #IDLE_SECONDS} seconds and starts again on demand, so
 * nothing of leakguard's outlives the applications that use it.
 */
final class DeadlineTimer {

	static final String THREAD_NAME = "leakguard-deadlines";

	private static final int IDLE_SECONDS = 5;

	private static final ScheduledThreadPoolExecutor TIMER = create();

	private DeadlineTimer() {
	}

	static ScheduledFuture<?> schedule(Runnable action, long delayNanos) {
		return TIMER.schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
	}

	/**
	 * Returns how many deadlines are pending.
	 * @return the queue length
	 */
	static int pending() {
		return TIMER.getQueue().size();
	}

	private static ScheduledThreadPoolExecutor create() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, THREAD_NAME);
			thread.setDaemon(true);
			return thread;
		});
		timer.setRemoveOnCancelPolicy(true);
		timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
		timer.allowCoreThreadTimeOut(true);
		return timer;
	}

}
