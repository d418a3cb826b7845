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

}
