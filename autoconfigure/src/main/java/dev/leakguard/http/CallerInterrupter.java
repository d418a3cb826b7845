package dev.leakguard.http;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

/**
 * Interrupts the calling thread if the scope is cancelled while a blocking call runs, and
 * never after the call returned: an interrupt meant for one call must not hit the next
 * thing the thread does.
 */
final class CallerInterrupter extends RequestScope.Listener {

	private final Thread caller = Thread.currentThread();

	private @Nullable CancelCause fired;

	private boolean done;

	CallerInterrupter(RequestScope scope) {
		scope.listen(this);
	}

	@Override
	protected synchronized void cancelled(CancelCause cause) {
		if (!this.done) {
			this.fired = cause;
			this.caller.interrupt();
		}
	}

	/**
	 * Returns why the call was interrupted.
	 * @return the cause, or {@code null} if it was not
	 */
	synchronized @Nullable CancelCause fired() {
		return this.fired;
	}

	@Override
	public void close() {
		super.close();
		synchronized (this) {
			this.done = true;
			if (this.fired != null) {
				Thread.interrupted();
			}
		}
	}

}
