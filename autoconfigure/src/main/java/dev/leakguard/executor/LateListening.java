package dev.leakguard.executor;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;

import dev.leakguard.scope.DeadlineThread;
import org.jspecify.annotations.Nullable;

/**
 * Makes running tasks listen for their scope's cancellation once they have run a while:
 * every {@linkplain DeadlineThread#TICK_NANOS tick}, on leakguard's deadline thread, a
 * sweep registers each task it finds running in a scope. Most tasks end well within a
 * tick and never touch their scope, so a request that fans out into short tasks pays no
 * listener per task and no deadline timer, and a cancel or a deadline reaches a task at
 * once if it is older than a tick, within one tick if it is younger (a deadline fires up to
 * one tick late anyway).
 * <p>
 * The sweep runs while tasks begin in scopes and stops after a second without one; the
 * first task after that starts it again.
 */
final class LateListening {

	/** Sweeps without a task begun in a scope before the sweeping stops. */
	static final int IDLE_SWEEPS = 20;

	private static final List<WeakReference<TaskRegistry>> registries = new CopyOnWriteArrayList<>();

	private static volatile boolean sweeping;

	/** Set by tasks as they begin, cleared by each sweep: written only when it changes. */
	private static volatile boolean begun;

	private static @Nullable ScheduledFuture<?> job;

	private static int idleSweeps;

	private LateListening() {
	}

	/**
	 * Sweeps the registry's tasks from now on, for as long as it is reachable.
	 * @param registry the registry
	 */
	static void add(TaskRegistry registry) {
		registries.removeIf((reference) -> reference.get() == null); // registries come with contexts: seldom
		registries.add(new WeakReference<>(registry));
	}

	/** Called by a task that begins in a scope, after it counts as running at its site. */
	static void taskBegun() {
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
			// Stopped before the last sweep: a task that still saw it sweeping was running by then.
			sweeping = false;
			if (job != null) {
				job.cancel(false);
				job = null;
			}
		}
		sweep();
	}

	/**
	 * Sweeps one registry now, for tests: under the lock of the periodic sweep, as a task
	 * is registered by one thread at a time.
	 * @param registry the registry
	 */
	static synchronized void sweep(TaskRegistry registry) {
		registry.listenRunning();
	}

	/** Registers every task running in a scope now with that scope, unless it listens already. */
	private static synchronized void sweep() {
		for (WeakReference<TaskRegistry> reference : registries) {
			TaskRegistry registry = reference.get();
			if (registry == null) {
				registries.remove(reference);
			}
			else {
				registry.listenRunning();
			}
		}
	}

}
