package dev.leakguard.scope;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Fires scope deadlines from one daemon thread, in slots of {@value #TICK_MILLIS} ms: a
 * scope whose deadline falls in a slot joins that slot's set, and only the first scope of
 * a slot schedules anything. Joining and leaving are a {@link ConcurrentBag}'s add and
 * remove (a compare-and-set or a write), with no lock, no map update and no wake-up of the
 * timer thread per request; a deadline fires at most one tick late. Scopes join only
 * while something listens for their cancellation, and leave when their request ends with
 * nothing left listening, so a slot holds the work in flight, not every request of the
 * last {@code leakguard.request.deadline}. The thread ends once no slot is pending for
 * {@value #IDLE_SECONDS} seconds and starts again on demand, so nothing of leakguard's
 * outlives the applications that use it.
 */
final class DeadlineTimer {

	static final String THREAD_NAME = "leakguard-deadlines";

	static final long TICK_MILLIS = 50;

	private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);

	private static final int IDLE_SECONDS = 5;

	/**
	 * A slot lives for a whole request deadline, most of that time empty, and is joined a
	 * few thousand times a second at most: one stack each, which unlinks its empty entries
	 * four at a time.
	 */
	private static final int SLOT_STRIPES = 1;

	private static final int SLOT_MIN_UNLINK = 4;

	private static final ScheduledThreadPoolExecutor TIMER = create();

	private static final Map<Long, Slot> slots = new ConcurrentHashMap<>();

	/** The slot joined last: a fired one is harmless here, its joiners are cancelled at once. */
	private static volatile @Nullable Slot latest;

	private DeadlineTimer() {
	}

	/**
	 * Makes the scope's deadline fire, at the latest one tick after it passes.
	 * @param scope the scope
	 * @param deadlineNanos its deadline, a {@link System#nanoTime()} value
	 * @return the scope's place in its slot, to {@linkplain ConcurrentBag.Node#remove()
	 * remove} if the deadline is no longer wanted
	 */
	static ConcurrentBag.Node<RequestScope> join(RequestScope scope, long deadlineNanos) {
		long tick = Math.floorDiv(deadlineNanos, TICK_NANOS) + 1; // the first tick at or after the deadline
		Slot slot = latest;
		if (slot == null || slot.tick != tick) {
			slot = slots.get(tick); // most requests share a deadline, so most scopes of a tick join the latest slot
		}
		if (slot == null) {
			Slot created = new Slot(tick);
			slot = slots.putIfAbsent(tick, created);
			if (slot == null) {
				slot = created;
				TIMER.schedule(created, Math.max(0, tick * TICK_NANOS - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			latest = slot;
		}
		ConcurrentBag.Node<RequestScope> node = slot.scopes.add(scope, scope.hashCode());
		if (slot.fired) {
			scope.deadlinePassed(); // the slot fired while we joined: cancelling twice is harmless
		}
		return node;
	}

	/**
	 * Runs a periodic job on the deadline thread, such as the sweep that makes long-running tasks
	 * listen for their scope's cancellation.
	 * @param job the job, to cancel through the returned future
	 * @param periodNanos its period
	 * @return the job's future
	 */
	static ScheduledFuture<?> every(Runnable job, long periodNanos) {
		return TIMER.scheduleAtFixedRate(job, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
	}

	private static ScheduledThreadPoolExecutor create() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, THREAD_NAME);
			thread.setDaemon(true);
			return thread;
		});
		timer.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
		timer.allowCoreThreadTimeOut(true);
		return timer;
	}

	/**
	 * The scopes whose deadlines fall in one tick.
	 */
	static final class Slot implements Runnable {

		private final long tick;

		private final ConcurrentBag<RequestScope> scopes = new ConcurrentBag<>(SLOT_STRIPES, SLOT_MIN_UNLINK);

		private volatile boolean fired;

		Slot(long tick) {
			this.tick = tick;
		}

		@Override
		public void run() {
			this.fired = true;
			slots.remove(this.tick, this);
			for (RequestScope scope : this.scopes.snapshot()) {
				scope.deadlinePassed(); // which leaves the slot
			}
		}

	}

}
