package dev.leakguard.snapshot;

import java.util.Map;

/**
 * Knows who started some of the live threads, or submitted the tasks they run: dumps
 * ask it once each and group the answers as each group's "created by".
 */
@FunctionalInterface
public interface ThreadCreators {

	/** Knows nobody. */
	ThreadCreators NONE = Map::of;

	/**
	 * Returns the call site behind each thread it knows of, now.
	 * @return call sites by {@link Thread#threadId()}
	 */
	Map<Long, String> byThreadId();

}
