package dev.leakguard.scope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scope's listeners come and go on many threads at once, without a lock: a cancel
 * notifies each one still registered exactly once, never one whose removal came first,
 * and the deadline timer stays armed while anyone listens and lets go once the request
 * ended and nobody does.
 */
class ScopeListenersTests {

	@RepeatedTest(20)
	void aCancelNotifiesEveryListenerStillRegisteredOnceAndNoneRemovedBefore() throws Exception {
		RequestScope scope = RequestScope.create(Duration.ofMinutes(1));
		AtomicBoolean cancelling = new AtomicBoolean();
		List<Counted> all = new ArrayList<>();
		List<Thread> threads = new ArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		for (int t = 0; t < 4; t++) {
			List<Counted> mine = new ArrayList<>();
			for (int i = 0; i < 2_000; i++) {
				mine.add(new Counted());
			}
			all.addAll(mine);
			threads.add(Thread.ofPlatform().start(() -> {
				await(start);
				for (int i = 0; i < mine.size(); i++) {
					Counted listener = mine.get(i);
					scope.listen(listener);
					if (i % 3 != 0) { // two of three end before the cancel, or race it
						listener.closed = true;
						listener.close();
						listener.closedBeforeCancel = !cancelling.get();
					}
				}
			}));
		}
		start.countDown();
		Thread.sleep(1);
		cancelling.set(true);
		scope.cancel();
		for (Thread thread : threads) {
			thread.join();
		}
		for (Counted listener : all) {
			assertThat(listener.notified.get()).isLessThanOrEqualTo(1);
			if (listener.closedBeforeCancel) {
				assertThat(listener.notified).hasValue(0); // removed first: never told
			}
			if (!listener.closed) {
				assertThat(listener.notified).hasValue(1); // registered, or refused and run at once
			}
		}
		assertThat(scope.armed()).isFalse();
	}

	@RepeatedTest(5)
	void theTimerIsArmedWhileAnyoneListensToAnEndedRequestAndOnlyThen() throws Exception {
		RequestScope scope = RequestScope.create(Duration.ofMillis(400));
		scope.end(); // orphaned work keeps its deadline
		List<Thread> threads = new ArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		for (int t = 0; t < 4; t++) {
			threads.add(Thread.ofPlatform().start(() -> {
				await(start);
				for (int i = 0; i < 5_000; i++) {
					Counted listener = new Counted();
					scope.listen(listener);
					listener.close();
				}
			}));
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(scope.armed()).isFalse();
		Counted last = new Counted();
		assertThat(scope.listen(last)).isTrue();
		assertThat(scope.armed()).isTrue();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (last.notified.get() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(last.notified).hasValue(1);
		assertThat(scope.cause()).isEqualTo(CancelCause.DEADLINE_EXCEEDED);
	}

	@Test
	void listenersThatComeAndGoInAnyOrderLeaveNothingBehind() {
		RequestScope scope = RequestScope.create(Duration.ofMinutes(1));
		List<Counted> open = new ArrayList<>();
		for (int i = 0; i < 100_000; i++) {
			Counted listener = new Counted();
			scope.listen(listener);
			open.add(listener);
			if (open.size() > 10) {
				open.remove(i % open.size()).close(); // not the newest: leaves empty nodes behind
			}
		}
		open.forEach(Counted::close);
		assertThat(scope.listenerNodes()).isZero();
		scope.close();
		assertThat(scope.armed()).isFalse();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class Counted extends RequestScope.Listener {

		final AtomicInteger notified = new AtomicInteger();

		volatile boolean closed;

		volatile boolean closedBeforeCancel;

		@Override
		protected void cancelled(CancelCause cause) {
			this.notified.incrementAndGet();
		}

	}

}
