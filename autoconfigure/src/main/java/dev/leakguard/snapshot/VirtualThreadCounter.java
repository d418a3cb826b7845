package dev.leakguard.snapshot;

/**
 * Counts live virtual threads. The type holds no JFR reference, so code that uses it runs
 * on runtimes without the {@code jdk.jfr} module; {@link JfrVirtualThreadCounter} is the
 * implementation where JFR exists.
 */
public interface VirtualThreadCounter extends AutoCloseable {

	/** A counter that could not start: it counts nothing and says so. */
	VirtualThreadCounter UNAVAILABLE = new VirtualThreadCounter() {

		@Override
		public boolean isCounting() {
			return false;
		}

		@Override
		public long live() {
			return 0;
		}

		@Override
		public void close() {
		}

	};

	/**
	 * Whether this counter counts; {@code false} where it could not start.
	 * @return {@code true} if {@link #live()} is a count
	 */
	default boolean isCounting() {
		return true;
	}

	/**
	 * Returns the live virtual threads seen so far.
	 * @return the count, never negative
	 */
	long live();

	@Override
	void close();

}
