package dev.leakguard.executor;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.RequestScope.Binding;
import org.jspecify.annotations.Nullable;

/**
 * One run of a task: current in its submitter's scope while it runs, interrupted if that
 * scope is cancelled.
 */
abstract class InterruptibleTask extends TrackedTask {

	private @Nullable Thread thread;

	private boolean interrupted;

	private @Nullable Binding binding;

	/** Set instead of {@link #thread} when the garbage collector may prove a leak. */
	private ProvenLeaks.@Nullable Watch watch;

	InterruptibleTask(SiteTasks site, @Nullable RequestScope scope) {
		super(site, scope);
	}

	final void begin() {
		long now = System.nanoTime(); // one clock read for the deadline check and the start time
		if (this.scope != null) {
			checkNotCancelledAt(now);
		}
		if (this.site.closed() && isLeftover()) {
			throw this.site.refused(CancelCause.CANCELLED);
		}
		synchronized (this) {
			ProvenLeaks proof = this.site.provenLeaks();
			this.watch = (proof != null) ? proof.watchCurrent(this) : null;
			this.thread = (this.watch != null) ? null : Thread.currentThread();
			this.interrupted = false;
		}
		if (this.scope != null) {
			this.binding = this.scope.enter();
		}
		track(now);
		this.site.runningOnThisThread();
	}

	final void end() {
		untrack();
		if (this.binding != null) {
			this.binding.close();
			this.binding = null;
		}
		synchronized (this) {
			this.thread = null;
			if (this.watch != null) {
				this.watch.done();
				this.watch = null;
			}
			if (this.interrupted) {
				// Ours, not the application's: don't let it leak into the pool's next task.
				Thread.interrupted();
			}
		}
	}

	@Override
	protected final void cancelled(CancelCause cause) {
		if (interrupt()) {
			this.site.cancelled(cause);
		}
	}

	@Override
	final synchronized @Nullable Thread thread() {
		return (this.thread != null) ? this.thread : (this.watch != null) ? this.watch.thread() : null;
	}

	/**
	 * Whether the garbage collector watches this run: the task must then hold nothing that
	 * leads to its thread, such as the work it runs (a {@code FutureTask} knows its runner).
	 * @return {@code true} while watched
	 */
	final synchronized boolean isWatched() {
		return this.watch != null;
	}

	@Override
	final boolean stop() {
		return interrupt();
	}

	/** Interrupts the task's thread while, and only while, the task runs on it. */
	private synchronized boolean interrupt() {
		Thread thread = thread();
		if (thread == null) {
			return false;
		}
		this.interrupted = true;
		thread.interrupt();
		return true;
	}

}
