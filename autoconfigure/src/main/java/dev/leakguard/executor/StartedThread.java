package dev.leakguard.executor;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

/**
 * A thread started while a request scope was current, outside any tracked
 * executor: counted at the call site that started it from its start to its end. Watched
 * only: its request's deadline does not interrupt it.
 */
final class StartedThread extends TrackedTask {

	private final @Nullable Thread thread;

	StartedThread(SiteTasks site, RequestScope scope, @Nullable Thread thread) {
		super(site, scope);
		this.thread = thread;
	}

	@Override
	@Nullable Thread thread() {
		return this.thread;
	}

	@Override
	boolean stop() {
		if (this.thread == null || !this.thread.isAlive()) {
			return false;
		}
		this.thread.interrupt(); // the application is closing: nothing else would stop it
		return true;
	}

	@Override
	protected void cancelled(CancelCause cause) {
		// observed, not owned: a thread the application started keeps running past the deadline
	}

}
