package dev.leakguard.snapshot;

import java.nio.file.Path;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

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
	 * on JDK 21+ with the {@code jdk.management} module, else platform threads only.
	 * @param directory where the JSON dump is written while it is read, or {@code null}
	 * for the system temporary directory
	 * @return a dumper
	 */
	static ThreadDumper best(@Nullable Path directory) {
		try {
			ThreadDumper json = JsonThreadDumper.createIfSupported(directory);
			if (json != null) {
				return json;
			}
		}
		catch (LinkageError ex) {
			// no jdk.management module: platform threads only
		}
		return new PlatformThreadDumper();
	}

}
