package dev.leakguard.snapshot;

import java.util.function.Consumer;

/**
 * Takes a dump of every live thread, streaming each thread to a sink so that memory stays
 * bounded by the number of distinct stacks, not the number of threads.
 */
public interface ThreadDumper {

	/** Frames kept per thread; deeper stacks are cut. */
	int MAX_FRAMES = 256;

	/**
	 * Dumps all threads but the calling one: the thread taking the dump is not what anyone
	 * is looking for, and would differ between two snapshots.
	 * @param sink receives each thread
	 * @return the thread counts
	 */
	ThreadCounts dump(Consumer<ThreadSample> sink);

	/**
	 * Returns the best dumper this JVM offers: the JSON dump that includes virtual threads
	 * on JDK 21+, else platform threads only.
	 * @return a dumper
	 */
	static ThreadDumper best() {
		ThreadDumper json = JsonThreadDumper.createIfSupported();
		return (json != null) ? json : new PlatformThreadDumper();
	}

}
