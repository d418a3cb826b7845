package dev.leakguard.scope;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coarse clock is {@link System#nanoTime()} as of its last tick: never ahead, moving
 * while read. How far behind it runs depends on the timer thread keeping up, so only a
 * loose bound is asserted here; that it stops when unread is in
 * {@link DeadlineTimerExitTests}.
 */
class CoarseClockTests {

	@Test
	void neverAheadOfTheClockAndMovesWhileRead() throws Exception {
		long first = CoarseClock.nanoTime();
		long previous = first;
		long end = System.nanoTime() + 2_000_000_000L;
		while (previous == first && System.nanoTime() < end) {
			long coarse = CoarseClock.nanoTime();
			long after = System.nanoTime();
			assertThat(coarse - after).isLessThanOrEqualTo(0);
			assertThat(after - coarse).isLessThan(1_000_000_000L);
			assertThat(coarse - previous).isGreaterThanOrEqualTo(0);
			previous = coarse;
			Thread.sleep(1);
		}
		assertThat(previous).isNotEqualTo(first);
		assertThat(CoarseClock.isTicking()).isTrue();
	}

}
