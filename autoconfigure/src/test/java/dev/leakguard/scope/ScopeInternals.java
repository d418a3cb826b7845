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

}
