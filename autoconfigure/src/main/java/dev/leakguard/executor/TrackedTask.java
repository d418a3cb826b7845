package dev.leakguard.executor;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.RequestScope.Registration;
import org.jspecify.annotations.Nullable;

/**
 * A task counted at its call site from {@link #track()} to {@link #untrack()}, told when
 * its submitter's scope is cancelled.
 */
abstract class TrackedTask {

	final SiteTasks site;

	final @Nullable RequestScope scope;

	private volatile long startNanos;

	private Registration registration = Registration.NONE;

	TrackedTask(SiteTasks site, @Nullable RequestScope scope) {
		this.site = site;
		this.scope = scope;
	}

	final long startNanos() {
		return this.startNanos;
	}

	final boolean isOrphaned() {
		RequestScope scope = this.scope;
		return scope != null && scope.isEnded();
	}

	/**
	 * Refuses to start work whose scope is already cancelled.
	 * @throws TaskCancelledException if the scope is cancelled or past its deadline
	 */
	final void checkNotCancelled() {
		CancelCause cause = (this.scope != null) ? this.scope.cause() : null;
		if (cause != null) {
			this.site.cancelled(cause);
			throw new TaskCancelledException(this.site.callSite(), cause);
		}
	}

	final void track() {
		this.startNanos = System.nanoTime();
		this.site.started(this);
		if (this.scope != null) {
			this.registration = this.scope.onCancel(this::cancelled);
		}
	}

	final void untrack() {
		this.registration.close();
		this.site.finished(this);
	}

	/**
	 * Stops the task because its scope was cancelled.
	 * @param cause why the scope was cancelled
	 */
	abstract void cancelled(CancelCause cause);

}
