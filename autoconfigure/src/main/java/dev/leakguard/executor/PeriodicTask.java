package dev.leakguard.executor;

import java.util.concurrent.Future;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.RequestScope.Binding;
import org.jspecify.annotations.Nullable;

/**
 * A fixed-rate or fixed-delay task: active from the moment it is scheduled until it is
 * cancelled or fails, so a ticker nobody stops shows as a running task. Cancelling its
 * scope cancels the schedule.
 */
final class PeriodicTask extends TrackedTask implements Runnable {

	private final Runnable delegate;

	private volatile @Nullable Future<?> future;

	private volatile boolean done;

	PeriodicTask(Runnable delegate, SiteTasks site, @Nullable RequestScope scope) {
		super(site, scope);
		this.delegate = delegate;
	}

	void scheduled(Future<?> future) {
		this.future = future;
		if (this.done) {
			future.cancel(false);
		}
	}

	@Override
	public void run() {
		try {
			checkNotCancelled();
		}
		catch (TaskCancelledException ex) {
			// refused (and counted): end the schedule, as the scope's cancel does, instead of
			// throwing; a scheduler that runs this as its own task would lose the exception to
			// its pool thread and leave the schedule's future pending forever
			Future<?> future = this.future;
			if (future != null) {
				future.cancel(false);
			}
			untrackOnce();
			return;
		}
		this.site.runningOnThisThread();
		Binding binding = (this.scope != null) ? this.scope.enter() : null;
		try {
			this.delegate.run();
		}
		catch (RuntimeException | Error ex) {
			untrackOnce(); // a periodic task that throws is never run again
			throw ex;
		}
		finally {
			if (binding != null) {
				binding.close();
			}
		}
	}

	/**
	 * Whether its schedule is over: cancelled, failed, or its executor shut down.
	 * @return {@code true} once the future is done
	 */
	boolean isFinished() {
		Future<?> future = this.future;
		return future != null && future.isDone();
	}

	/**
	 * Stops tracking: the schedule was cancelled, failed, or its executor shut down.
	 */
	void untrackOnce() {
		if (!this.done) {
			this.done = true;
			untrack();
		}
	}

	@Override
	@Nullable Thread thread() {
		return null; // scheduled, not running: no thread holds it
	}

	@Override
	boolean stop() {
		Future<?> future = this.future;
		if (future != null) {
			future.cancel(true);
		}
		untrackOnce();
		return true;
	}

	@Override
	protected void cancelled(CancelCause cause) {
		this.done = true;
		Future<?> future = this.future;
		if (future != null) {
			future.cancel(true);
		}
		untrack();
		this.site.cancelled(cause);
	}

}
