package dev.leakguard.baseline;

/**
 * Names of the series leakguard samples.
 */
public final class Series {

	/** Live platform threads. */
	public static final String PLATFORM_THREADS = "threads.platform";

	/** Live virtual threads. */
	public static final String VIRTUAL_THREADS = "threads.virtual";

	private static final String TASKS_PREFIX = "tasks:";

	private Series() {
	}

	/**
	 * Returns the series of active tasks of one call site.
	 * @param callSite the call site
	 * @return the series name
	 */
	public static String tasks(String callSite) {
		return TASKS_PREFIX + callSite;
	}

	/**
	 * Whether a series counts the active tasks of a call site.
	 * @param series the series name
	 * @return {@code true} for a task series
	 */
	public static boolean isTasks(String series) {
		return series.startsWith(TASKS_PREFIX);
	}

	/**
	 * Returns the call site a task series counts.
	 * @param series a task series
	 * @return its call site
	 */
	public static String callSite(String series) {
		return series.substring(TASKS_PREFIX.length());
	}

	/**
	 * Returns the name of a series for humans: the call site for a task series.
	 * @param series the series name
	 * @return a readable name
	 */
	public static String describe(String series) {
		return series.startsWith(TASKS_PREFIX) ? "tasks at " + series.substring(TASKS_PREFIX.length()) : series;
	}

}
