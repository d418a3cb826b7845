package dev.leakguard.executor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

final class TrackedRunnable extends InterruptibleTask implements Runnable {

	private @Nullable Runnable delegate;

	TrackedRunnable(Runnable delegate, SiteTasks site, @Nullable RequestScope scope) {
		super(site, scope);
		this.delegate = delegate;
	}

	@Override
	public void run() {
		try {
			begin();
		}
		catch (TaskCancelledException ex) {
			refused(ex);
			return;
		}
		Runnable delegate = this.delegate;
		if (isWatched()) {
			this.delegate = null; // only the thread's own stack may lead to what it runs
		}
		try {
			delegate.run();
		}
		finally {
			end();
		}
	}


	/**
	 * A task that was queued in time but whose scope was cancelled before it started.
	 * Whoever waits on it must still hear of it: a {@code FutureTask} (from
	 * {@code submit}) is cancelled; {@code CompletableFuture}'s tasks have no other way
	 * to complete their future than to run, so they run, untracked and outside the scope.
	 */
	private void refused(TaskCancelledException ex) {
		Runnable delegate = this.delegate;
		if (delegate instanceof CompletableFuture.AsynchronousCompletionTask) {
			delegate.run();
		}
		else if (delegate instanceof Future<?> future) {
			future.cancel(false);
		}
		else {
			throw ex;
		}
	}

}
