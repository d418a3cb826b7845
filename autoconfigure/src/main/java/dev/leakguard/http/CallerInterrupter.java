package dev.leakguard.http;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.LateListener;
import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

/**
 * Interrupts the calling thread if the scope is cancelled while a blocking call runs, and
 * never after the call returned: an interrupt meant for one call must not hit the next
 * thing the thread does. It listens for the cancel only once the call has run a tick
 * ({@link LateListener}): most calls end sooner.
 */
final class CallerInterrupter extends LateListener {

	private final Thread caller = Thread.currentThread();

	private @Nullable CancelCause fired;

	/**
	 * Starts listening for the call about to be made on this thread.
	 * @param scope the scope whose cancel interrupts the call
	 */
	CallerInterrupter(RequestScope scope) {
		super(scope);
		begin();
	}

	@Override
	protected synchronized void cancelled(CancelCause cause) {
		if (end()) {
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

	/**
	 * The call returned: no interrupt comes from now on, and one that came is cleared.
	 */
	@Override
	public void close() {
		if (!end()) {
			synchronized (this) { // a cancel ended it first: wait for its interrupt, then clear it
				Thread.interrupted();
			}
		}
	}

}
