package dev.leakguard.scope;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * {@link System#nanoTime()} as of leakguard's last clock tick, for the per-task path: a
 * task's start time and its deadline check are one read of a field instead of a clock
 * read (a vDSO call, 20-30 ns, the largest single cost of a tracked task). The value is
 * never ahead of {@code System.nanoTime()} and behind it by at most about
 * {@value #TICK_MILLIS} ms while leakguard's deadline thread keeps up: ages read that much
 * older, and a task may start that much past its scope's deadline (the deadline still
 * cancels it, one timer tick later).
 * <p>
 * The clock ticks only while read: the first read starts it (and gets the exact time),
 * and it stops after {@value #IDLE_TICKS} ticks without a read, so an idle application
 * keeps no thread awake for it.
 */
public final class CoarseClock {

	static final long TICK_MILLIS = 10;

	static final int IDLE_TICKS = 100;

	private static volatile long now;

	private static volatile boolean ticking;

	/** Set by readers, cleared by each tick: written only when it changes, so readers share its line. */
	private static volatile boolean read;

	private static @Nullable ScheduledFuture<?> tick;

	private static int idleTicks;

	private CoarseClock() {
	}

	/**
	 * Returns {@link System#nanoTime()} as of the clock's last tick.
	 * @return a {@code System.nanoTime()} value, at most about one tick old
	 */
	public static long nanoTime() {
		if (!ticking) {
			return start();
		}
		if (!read) {
			read = true;
		}
		return now;
	}

	/**
	 * Whether the clock ticks now, for tests.
	 * @return {@code true} while ticking
	 */
	static boolean isTicking() {
		return ticking;
	}

	private static synchronized long start() {
		if (!ticking) {
			now = System.nanoTime();
			idleTicks = 0;
			tick = DeadlineTimer.every(CoarseClock::tick, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
			ticking = true;
		}
		return now;
	}

	private static void tick() {
		now = System.nanoTime();
		if (read) {
			read = false;
			idleTicks = 0;
		}
		else if (++idleTicks >= IDLE_TICKS) {
			stop();
		}
	}

	private static synchronized void stop() {
		ticking = false; // a reader that saw it ticking got a value at most one tick old
		if (tick != null) {
			tick.cancel(false);
			tick = null;
		}
	}

}
