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
	 * Returns the origin of each thread it knows of, now.
	 * @return origins by {@link Thread#threadId()}
	 */
	Map<Long, ThreadOrigin> byThreadId();

}
