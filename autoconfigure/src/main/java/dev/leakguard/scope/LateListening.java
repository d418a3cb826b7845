package dev.leakguard.scope;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

/**
 * Makes work that runs a while listen for its scope's cancellation: every
 * {@linkplain DeadlineThread#TICK_NANOS tick}, on leakguard's deadline thread, each sweep
 * registers the work it finds running in a scope (tasks of wrapped executors, outbound
 * calls: see {@link LateListener}) once that work is a tick old, or at once if its scope
 * is cancelled or its deadline falls before the next sweep ({@link #due}). Most work ends
 * well within a tick and never touches its scope, so a request that fans out into short
 * tasks or makes quick calls pays no listener and no deadline timer for them, even when a
 * sweep finds them running. A cancel reaches work at once if a sweep registered it, and
 * at the next sweep, within one tick, if not; a deadline fires up to one tick late either
 * way.
 * <p>
 * The sweeping runs while work begins in scopes and stops after a second without any; the
 * first work after that starts it again. Internal to leakguard, shared by its packages.
 */
public final class LateListening {

	/** Sweeps without work begun in a scope before the sweeping stops. */
	static final int IDLE_SWEEPS = 20;

	private static final List<WeakReference<Runnable>> sweeps = new CopyOnWriteArrayList<>();

	private static volatile boolean sweeping;

	/** Set by work as it begins, cleared by each tick: written only when it changes. */
	private static volatile boolean begun;

	private static @Nullable ScheduledFuture<?> job;

	private static int idleSweeps;

	/** When the sweep running now started: written and read holding the class's lock. */
	private static long sweepNanos;

	private LateListening() {
	}

	/**
	 * Runs the given sweep every tick from now on, for as long as its owner keeps it
	 * reachable: it is held weakly.
	 * @param sweep registers, with its scope, each piece of work it finds running and not
	 * listening yet; called by one thread at a time
	 */
	public static void add(Runnable sweep) {
		sweeps.removeIf((reference) -> reference.get() == null); // sweeps come with contexts: seldom
		sweeps.add(new WeakReference<>(sweep));
	}

	/** Called by work that begins in a scope, once a sweep can find it. */
	public static void begun() {
		if (!sweeping) {
			start();
		}
		else if (!begun) {
			begun = true;
		}
	}

	private static synchronized void start() {
		if (!sweeping) {
			idleSweeps = 0;
			begun = true;
			job = DeadlineThread.every(LateListening::tick, DeadlineThread.TICK_NANOS);
			sweeping = true;
		}
	}

	private static synchronized void tick() {
		if (begun) {
			begun = false;
			idleSweeps = 0;
		}
		else if (++idleSweeps >= IDLE_SWEEPS) {
			// Stopped before the last sweep: work that still saw it sweeping was running by then.
			sweeping = false;
			if (job != null) {
				job.cancel(false);
				job = null;
			}
		}
		sweepAll();
	}

	/**
	 * Whether the sweep running now registers the given work: once it is a tick old, or at
	 * once if its scope cannot wait for the next sweep (cancelled, or its deadline falls
	 * before then). Called by sweeps only.
	 * @param startNanos when the work began, a {@link System#nanoTime()} value
	 * @param scope its scope
	 * @return {@code true} to register it now
	 */
	public static boolean due(long startNanos, RequestScope scope) {
		long now = sweepNanos; // under the lock: sweeps run holding it
		return now - startNanos >= DeadlineThread.TICK_NANOS
				|| scope.causeAt(now + DeadlineThread.TICK_NANOS) != null;
	}

	/**
	 * Runs one sweep, for tests: under the lock of the periodic sweeps, as work is
	 * registered by one thread at a time, as if it ran at the given time.
	 * @param sweep the sweep
	 * @param nanoTime the time the sweep runs at, a {@link System#nanoTime()} value
	 */
	static synchronized void sweep(Runnable sweep, long nanoTime) {
		sweepNanos = nanoTime;
		sweep.run();
	}

	private static synchronized void sweepAll() {
		sweepNanos = System.nanoTime();
		for (WeakReference<Runnable> reference : sweeps) {
			Runnable sweep = reference.get();
			if (sweep == null) {
				sweeps.remove(reference);
			}
			else {
				sweep.run();
			}
		}
	}

}
