package dev.leakguard.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Takes thread snapshots one at a time and serves the last one to callers that ask again
 * within {@code maxAge}, so a burst of requests costs one dump.
 */
public final class ThreadSnapshots {

	private static final int MAX_TREND_SNAPSHOTS = 64;

	private final ThreadDumper dumper;

	private final Duration maxAge;

	private final Clock clock;

	private final TrendHistory trends;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile @Nullable Cached last;

	/**
	 * Creates an instance.
	 * @param dumper how threads are dumped
	 * @param maxAge how long a snapshot is served again
	 * @param trendWindow how far back group trends look
	 * @param clock the clock for timestamps
	 */
	public ThreadSnapshots(ThreadDumper dumper, Duration maxAge, Duration trendWindow, Clock clock) {
		this.dumper = dumper;
		this.maxAge = maxAge;
		this.clock = clock;
		this.trends = new TrendHistory(trendWindow, MAX_TREND_SNAPSHOTS);
	}

	/**
	 * Returns a snapshot no older than {@code maxAge}, taking one if needed. Concurrent
	 * callers wait for the one dump in progress.
	 * @return the snapshot
	 */
	public ThreadSnapshot take() {
		ThreadSnapshot fresh = fresh();
		if (fresh != null) {
			return fresh;
		}
		this.lock.lock();
		try {
			fresh = fresh();
			if (fresh != null) {
				return fresh;
			}
			StackGrouper grouper = new StackGrouper();
			ThreadCounts counts = this.dumper.dump(grouper);
			ThreadSnapshot snapshot = new ThreadSnapshot(this.clock.instant(), counts, grouper.groups(this.trends));
			this.last = new Cached(snapshot, System.nanoTime());
			return snapshot;
		}
		finally {
			this.lock.unlock();
		}
	}

	private @Nullable ThreadSnapshot fresh() {
		Cached last = this.last;
		return (last != null && System.nanoTime() - last.nanos < this.maxAge.toNanos()) ? last.snapshot : null;
	}

	private record Cached(ThreadSnapshot snapshot, long nanos) {
	}

}
