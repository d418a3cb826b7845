package dev.leakguard.scope;

/**
 * What tests of other packages may read of a scope's insides.
 */
public final class ScopeInternals {

	private ScopeInternals() {
	}

	/**
	 * Returns how many listeners the scope holds.
	 * @param scope the scope
	 * @return the count
	 */
	public static int listeners(RequestScope scope) {
		return scope.listenerCount();
	}

	/**
	 * Returns whether the scope's deadline timer is armed.
	 * @param scope the scope
	 * @return {@code true} while armed
	 */
	public static boolean armed(RequestScope scope) {
		return scope.armed();
	}

	/**
	 * Runs one sweep of late listening now, under the lock of the periodic sweeps.
	 * @param sweep the sweep
	 */
	public static void sweep(Runnable sweep) {
		LateListening.sweep(sweep, System.nanoTime());
	}

	/**
	 * Runs one sweep of late listening as the next periodic one would, a tick from now:
	 * every piece of work running now is due.
	 * @param sweep the sweep
	 */
	public static void sweepATickLater(Runnable sweep) {
		LateListening.sweep(sweep, System.nanoTime() + DeadlineThread.TICK_NANOS);
	}

}
