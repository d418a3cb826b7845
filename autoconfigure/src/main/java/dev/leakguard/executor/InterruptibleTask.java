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
			this.thread = Thread.currentThread();
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
		return this.thread;
	}

	@Override
	final boolean stop() {
		return interrupt();
	}

	/** Interrupts the task's thread while, and only while, the task runs on it. */
	private synchronized boolean interrupt() {
		if (this.thread == null) {
			return false;
		}
		this.interrupted = true;
		this.thread.interrupt();
		return true;
	}

}
