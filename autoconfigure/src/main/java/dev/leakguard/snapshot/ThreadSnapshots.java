package dev.leakguard.snapshot;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Takes thread snapshots one at a time and serves the last one to callers that ask again
 * within {@code maxAge}, or within twice the time the last dump took if that is longer,
 * so a burst of requests costs one dump and dumps never take more than a third of a core. Callers never wait for a
 * dump another caller is taking: they get the last snapshot, marked stale, or nothing if
 * there is none yet. A dump that fails (the JDK's JSON dump cannot be written, or trips
 * on a thread name) falls back to platform threads for that snapshot, with one warning.
 */
public final class ThreadSnapshots {

	private static final System.Logger logger = System.getLogger(ThreadSnapshots.class.getName());

	private static final int MAX_TREND_SNAPSHOTS = 64;

	private static final int MAX_SHARED_FRAMES = 65_536;

	private final ThreadDumper dumper;

	private final PlatformThreadDumper fallback = new PlatformThreadDumper();

	private final Duration maxAge;

	private final Clock clock;

	private final TrendHistory trends;

	private final ThreadHolds holds = new ThreadHolds();

	private final ThreadCreators creators;

	private final Supplier<List<ThreadSample>> unlisted;

	private final FrameInterner frames = new FrameInterner(MAX_SHARED_FRAMES);

	private final ReentrantLock lock = new ReentrantLock();

	private final AtomicBoolean warned = new AtomicBoolean();

	private volatile @Nullable Cached last;

	/** How long the last dump took: the next one waits at least twice that. */
	private volatile long lastDumpNanos;

	/**
	 * Creates an instance.
	 * @param dumper how threads are dumped
	 * @param maxAge how long a snapshot is served again, counted from the start of its dump
	 * @param trendWindow how far back group trends look
	 * @param clock the clock for timestamps
	 */
	public ThreadSnapshots(ThreadDumper dumper, Duration maxAge, Duration trendWindow, Clock clock) {
		this(dumper, maxAge, trendWindow, clock, ThreadCreators.NONE, List::of);
	}

	/**
	 * Creates an instance that says who created the threads it can, and lists threads the
	 * dump may leave out.
	 * @param dumper how threads are dumped
	 * @param maxAge how long a snapshot is served again, counted from the start of its dump
	 * @param trendWindow how far back group trends look
	 * @param clock the clock for timestamps
	 * @param creators who started threads or submitted the tasks they run
	 * @param unlisted threads known elsewhere, added where the dump did not list them
	 * (virtual threads under {@code -Djdk.trackAllThreads=false})
	 */
	public ThreadSnapshots(ThreadDumper dumper, Duration maxAge, Duration trendWindow, Clock clock,
			ThreadCreators creators, Supplier<List<ThreadSample>> unlisted) {
		this.unlisted = unlisted;
		this.creators = creators;
		this.dumper = dumper;
		this.maxAge = maxAge;
		this.clock = clock;
		this.trends = new TrendHistory(trendWindow, MAX_TREND_SNAPSHOTS);
	}

	/**
	 * Returns a snapshot no older than {@code maxAge}, taking one if no other caller is;
	 * while another caller's dump runs, the last snapshot, marked stale.
	 * @return the snapshot, or {@code null} if a dump is running and none was taken before
	 */
	public @Nullable Served take() {
		Served fresh = fresh();
		if (fresh != null) {
			return fresh;
		}
		if (!this.lock.tryLock()) {
			Cached last = this.last;
			return (last != null) ? last.served(true) : null;
		}
		try {
			fresh = fresh();
			if (fresh != null) {
				return fresh;
			}
			long start = System.nanoTime();
			ThreadSnapshot snapshot = dump();
			this.lastDumpNanos = System.nanoTime() - start;
			Cached cached = new Cached(snapshot, start);
			this.last = cached;
			return cached.served(false);
		}
		finally {
			this.lock.unlock();
		}
	}

	private ThreadSnapshot dump() {
		Map<Long, ThreadOrigin> creators = this.creators.byThreadId();
		StackGrouper grouper = new StackGrouper(this.frames, creators);
		List<ThreadSample> unlisted = this.unlisted.get();
		Set<Long> listed = new HashSet<>();
		ThreadCounts counts;
		try {
			StackGrouper sink = grouper;
			counts = this.dumper.dump(unlisted.isEmpty() ? grouper : (thread) -> {
				listed.add(thread.tid());
				sink.accept(thread);
			});
		}
		catch (RuntimeException | LinkageError ex) {
			if (this.warned.compareAndSet(false, true)) {
				logger.log(Level.WARNING, "Thread dump failed, falling back to platform threads only (virtual threads "
						+ "are not listed while this lasts; this warning is not repeated)", ex);
			}
			grouper = new StackGrouper(this.frames, creators);
			listed.clear(); // the fallback lists platform threads only
			counts = this.fallback.dump(grouper);
		}
		int added = 0;
		for (ThreadSample thread : unlisted) {
			if (!listed.contains(thread.tid())) {
				grouper.accept(thread);
				added++;
			}
		}
		if (added > 0 && counts.virtual() != null) {
			counts = new ThreadCounts(counts.platform(), counts.virtual() + added, counts.daemon(), counts.peak());
		}
		return new ThreadSnapshot(this.clock.instant(), counts, grouper.groups(this.trends, this.holds),
				grouper.estimatedBytes());
	}

	private @Nullable Served fresh() {
		Cached last = this.last;
		long maxAge = Math.max(this.maxAge.toNanos(), 2 * this.lastDumpNanos);
		return (last != null && System.nanoTime() - last.startNanos < maxAge) ? last.served(false) : null;
	}

	/**
	 * A snapshot as served to one caller.
	 *
	 * @param snapshot the snapshot
	 * @param stale whether it was served because another caller's dump is running, though
	 * it is older than the maximum age
	 * @param age time since its dump started
	 */
	public record Served(ThreadSnapshot snapshot, boolean stale, Duration age) {
	}

	private record Cached(ThreadSnapshot snapshot, long startNanos) {

		Served served(boolean stale) {
			return new Served(this.snapshot, stale, Duration.ofNanos(System.nanoTime() - this.startNanos));
		}

	}

}
