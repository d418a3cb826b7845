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
 * calls: see {@link LateListener}). Most work ends well within a tick and never touches its
 * scope, so a request that fans out into short tasks or makes quick calls pays no listener
 * and no deadline timer for them, and a cancel or a deadline reaches work at once if it is
 * older than a tick, within one tick if it is younger (a deadline fires up to one tick late
 * anyway).
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
	 * Runs one sweep now, for tests: under the lock of the periodic sweeps, as work is
	 * registered by one thread at a time.
	 * @param sweep the sweep
	 */
	static synchronized void sweep(Runnable sweep) {
		sweep.run();
	}

	private static synchronized void sweepAll() {
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
