package dev.leakguard.snapshot;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Dumps platform threads through {@link ThreadMXBean}; virtual threads are invisible to
 * it, so their count is {@code null}.
 */
public final class PlatformThreadDumper implements ThreadDumper {

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	@Override
	public ThreadCounts dump(Consumer<ThreadSample> sink) {
		long caller = callerId();
		for (ThreadInfo info : this.threads.dumpAllThreads(false, false, MAX_FRAMES)) {
			if (info != null && info.getThreadId() != caller) {
				sink.accept(new ThreadSample(info.getThreadId(), info.getThreadName(), false, info.getThreadState().name(),
						Frames.format(info.getStackTrace(), MAX_FRAMES)));
			}
		}
		return counts(null);
	}

	ThreadCounts counts(@Nullable Integer virtual) {
		return new ThreadCounts(this.threads.getThreadCount(), virtual, this.threads.getDaemonThreadCount(),
				this.threads.getPeakThreadCount());
	}

	/**
	 * Returns the id of the calling thread, which dumps leave out.
	 * @return the thread id
	 */
	@SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
	static long callerId() {
		return Thread.currentThread().getId();
	}


}
