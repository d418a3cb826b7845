package dev.leakguard.scope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Work in flight that listens for its scope's cancel only once a sweep finds it: quick
 * work never touches its scope, slow work hears of a cancel or a deadline, and a sweep
 * racing the work's end leaves nothing behind, neither on the scope nor in flight.
 */
class LateListenerTests {

	@Test
	void workThatEndsBeforeASweepNeverListensNorArmsTheDeadline() {
		RequestScope scope = RequestScope.create(Duration.ofSeconds(30));
		Work work = new Work(scope);
		work.begin();
		assertThat(work.inFlight()).isTrue();
		assertThat(work.end()).isTrue();
		LateListener.sweepATickLater();
		assertThat(scope.listenerCount()).isZero();
		assertThat(scope.armed()).isFalse();
		assertThat(work.inFlight()).isFalse();
		assertThat(work.causes).isEmpty();
	}

	@Test
	void workYoungerThanATickIsLeftForALaterSweep() {
		RequestScope scope = RequestScope.create(Duration.ofSeconds(30));
		Work work = new Work(scope);
		long began = System.nanoTime();
		work.begin();
		LateListener.sweepNow(); // most calls end within a tick: none of them should touch its scope
		boolean listening = work.listening();
		int listeners = scope.listenerCount();
		boolean armed = scope.armed();
		assumeTrue(System.nanoTime() - began < DeadlineThread.TICK_NANOS, "stalled a tick: a periodic sweep was due");
		assertThat(listening).isFalse();
		assertThat(listeners).isZero();
		assertThat(armed).isFalse();
		assertThat(work.inFlight()).isTrue();
		LateListener.sweepATickLater(); // still running a tick on: due
		assertThat(work.listening()).isTrue();
		assertThat(scope.listenerCount()).isOne();
		assertThat(work.end()).isTrue();
		assertThat(scope.listenerCount()).isZero();
		assertThat(work.inFlight()).isFalse();
	}

	@Test
	void workWhoseDeadlineFallsBeforeTheNextSweepListensAtOnce() {
		RequestScope scope = RequestScope.create(Duration.ofMillis(DeadlineTimer.TICK_MILLIS / 2));
		Work work = new Work(scope);
		work.begin();
		LateListener.sweepNow(); // young, but waiting for the next sweep would fire its deadline late
		assertThat(work.listening() || !work.causes.isEmpty()).isTrue();
		assertThat(scope.armed() || !work.causes.isEmpty()).isTrue();
		work.end();
	}

	@Test
	void workInFlightAtASweepHearsACancelAtOnceAndLeavesFlight() {
		RequestScope scope = RequestScope.create(Duration.ofSeconds(30));
		Work work = new Work(scope);
		work.begin();
		LateListener.sweepATickLater();
		assertThat(work.listening()).isTrue();
		assertThat(scope.listenerCount()).isOne();
		assertThat(scope.armed()).isTrue();
		scope.cancel();
		assertThat(work.causes).containsExactly(CancelCause.CANCELLED);
		assertThat(work.end()).isFalse();
		assertThat(scope.listenerCount()).isZero();
		assertThat(work.inFlight()).isFalse();
	}

	@Test
	void aCancelBeforeTheSweepIsHeardAtTheSweep() {
		RequestScope scope = RequestScope.create(Duration.ofSeconds(30));
		Work work = new Work(scope);
		work.begin();
		scope.cancel();
		assertThat(work.causes).isEmpty();
		LateListener.sweepNow();
		assertThat(work.causes).containsExactly(CancelCause.CANCELLED);
		assertThat(work.end()).isFalse();
	}

	@Test
	void workEndedBeforeItBeganPutsNothingInFlight() {
		RequestScope scope = RequestScope.create(Duration.ofSeconds(30));
		Work work = new Work(scope);
		assertThat(work.end()).isTrue(); // a subscriber cancelled within its onSubscribe
		work.begin();
		assertThat(work.inFlight()).isFalse();
		LateListener.sweepNow();
		assertThat(scope.listenerCount()).isZero();
	}

	@Test
	void theDeadlineReachesWorkInFlightThroughThePeriodicSweep() throws Exception {
		RequestScope scope = RequestScope.create(Duration.ofMillis(120));
		Work work = new Work(scope);
		work.begin();
		assertThat(work.heard.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(work.causes).containsExactly(CancelCause.DEADLINE_EXCEEDED);
		assertThat(work.end()).isFalse();
	}

	@Test
	void aSweepRacingTheEndOfWorkLeavesNothingBehind() throws Exception {
		List<RequestScope> scopes = new ArrayList<>();
		List<Work> works = new ArrayList<>();
		int registered = 0;
		AtomicBoolean stop = new AtomicBoolean();
		CompletableFuture<Void> sweeper = CompletableFuture.runAsync(() -> {
			while (!stop.get()) {
				LateListener.sweepATickLater();
			}
		});
		try {
			for (int i = 0; i < 20_000; i++) {
				RequestScope scope = RequestScope.create(Duration.ofHours(1));
				Work work = new Work(scope);
				work.begin();
				spin();
				if (work.listening()) {
					registered++;
				}
				work.end();
				scope.end();
				scopes.add(scope);
				works.add(work);
			}
		}
		finally {
			stop.set(true);
			sweeper.get(10, TimeUnit.SECONDS); // a sweep that registered an ended work has taken it back
		}
		assertThat(scopes).noneMatch((scope) -> scope.listenerCount() > 0).noneMatch(RequestScope::armed);
		assertThat(works).noneMatch(LateListener::inFlight);
		// the race was run: some work was registered before it ended, some was not
		assertThat(registered).isBetween(1, 19_999);
	}

	private static void spin() {
		int spins = ThreadLocalRandom.current().nextInt(200);
		for (int i = 0; i < spins; i++) {
			Thread.onSpinWait();
		}
	}

	/** Work that records what it heard, and ends when cancelled, as every late listener must. */
	private static final class Work extends LateListener {

		private final List<CancelCause> causes = new CopyOnWriteArrayList<>();

		private final CountDownLatch heard = new CountDownLatch(1);

		Work(RequestScope scope) {
			super(scope);
		}

		@Override
		protected void cancelled(CancelCause cause) {
			if (end()) {
				this.causes.add(cause);
				this.heard.countDown();
			}
		}

	}

}
