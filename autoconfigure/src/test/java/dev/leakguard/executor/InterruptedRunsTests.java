package dev.leakguard.executor;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.leakguard.scope.DeadlineThread;
import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.ScopeInternals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A scope cancelled while its task runs interrupts the task's thread, and only while the
 * task runs: a cancel racing the task's end must not leave the interrupt on the pool's
 * thread for the next task, nor a sweep that registers the running task with its scope
 * racing that end leave the registration behind. The worker here, unlike a
 * {@code ThreadPoolExecutor}'s, does not clear interrupts between tasks (a
 * {@code ForkJoinPool}'s, or a caller running the task itself, do not either).
 */
class InterruptedRunsTests {

	private final TaskRegistry registry = new TaskRegistry(10);

	private final Worker pool = new Worker();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.pool.stop();
	}

	@Test
	void aCancelRacingTheEndOfARunNeverReachesTheNextTask() throws Exception {
		int interruptedRuns = 0;
		int leaked = 0;
		for (int i = 0; i < 20_000; i++) {
			RequestScope scope = RequestScope.create(Duration.ofHours(1));
			startAndSpin(scope);
			ScopeInternals.sweepATickLater(this.registry::listenRunning); // what the periodic sweep does, at a random moment
			spin();
			scope.cancel();
			if (this.pool.call(Thread::interrupted)) {
				leaked++;
			}
			scope.end();
			interruptedRuns = (int) site().cancelled();
		}
		assertThat(leaked).isZero();
		// the race was run: some cancels came while a task ran, others after it ended
		assertThat(interruptedRuns).isBetween(1, 19_999);
		assertThat(site().active()).isZero();
	}

	@Test
	void aSweepRacingTheEndOfARunLeavesNoRegistrationBehind() throws Exception {
		int leftListening = 0;
		for (int i = 0; i < 20_000; i++) {
			RequestScope scope = RequestScope.create(Duration.ofHours(1));
			startAndSpin(scope);
			ScopeInternals.sweepATickLater(this.registry::listenRunning);
			this.pool.call(() -> null); // the run has ended
			if (ScopeInternals.listeners(scope) > 0) {
				leftListening++;
			}
			scope.end();
		}
		assertThat(leftListening).isZero();
		assertThat(site().active()).isZero();
	}

	@Test
	void aRunFoundBySweepIsInterruptedByACancelAtOnce() throws Exception {
		RequestScope scope = RequestScope.create(Duration.ofHours(1));
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch interrupted = new CountDownLatch(1);
		Thread runner = new Thread(wrapIn(scope, () -> {
			started.countDown();
			try {
				Thread.sleep(60_000);
			}
			catch (InterruptedException ex) {
				interrupted.countDown();
			}
		}));
		runner.start();
		started.await();
		ScopeInternals.sweepATickLater(this.registry::listenRunning);
		assertThat(ScopeInternals.listeners(scope)).isOne();
		scope.cancel();
		assertThat(site().cancelled()).isOne(); // interrupted by the cancel itself, on this thread
		assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
		runner.join();
		assertThat(ScopeInternals.listeners(scope)).isZero();
	}

	@Test
	void aRunYoungerThanATickIsLeftForALaterSweep() throws Exception {
		RequestScope scope = RequestScope.create(Duration.ofHours(1));
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		long began = System.nanoTime();
		this.pool.run(wrapIn(scope, () -> {
			started.countDown();
			await(release);
		}));
		try {
			started.await();
			ScopeInternals.sweep(this.registry::listenRunning); // most tasks end within a tick: none should touch its scope
			int listeners = ScopeInternals.listeners(scope);
			boolean armed = ScopeInternals.armed(scope);
			assumeTrue(System.nanoTime() - began < DeadlineThread.TICK_NANOS, "stalled a tick: a periodic sweep was due");
			assertThat(listeners).isZero();
			assertThat(armed).isFalse();
			ScopeInternals.sweepATickLater(this.registry::listenRunning); // still running a tick on: due
			assertThat(ScopeInternals.listeners(scope)).isOne();
			assertThat(ScopeInternals.armed(scope)).isTrue();
		}
		finally {
			release.countDown();
		}
		this.pool.call(() -> null);
		assertThat(site().active()).isZero();
		assertThat(ScopeInternals.listeners(scope)).isZero();
	}

	private void startAndSpin(RequestScope scope) {
		AtomicBoolean started = new AtomicBoolean();
		this.pool.run(wrapIn(scope, () -> {
			started.set(true);
			spin();
		}));
		while (!started.get()) {
			Thread.onSpinWait();
		}
		spin();
	}

	private Runnable wrapIn(RequestScope scope, Runnable work) {
		try (RequestScope.Binding binding = scope.enter()) {
			return this.registry.wrap(work, "a.A.a(A.java:1)", "pool");
		}
	}

	private SiteTasks site() {
		return this.registry.sites().iterator().next();
	}

	/** One thread that runs what it is given, one task after the other, and nothing else. */
	private static final class Worker {

		private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();

		private volatile boolean stopped;

		private final Thread thread = Thread.ofPlatform().name("worker").start(() -> {
			while (!this.stopped) {
				Runnable next = this.queue.poll();
				if (next != null) {
					next.run();
				}
				else {
					Thread.onSpinWait();
				}
			}
		});

		void run(Runnable task) {
			this.queue.add(task);
		}

		<T> T call(Callable<T> task) throws Exception {
			FutureTask<T> future = new FutureTask<>(task);
			this.queue.add(future);
			return future.get(10, TimeUnit.SECONDS);
		}

		void stop() throws InterruptedException {
			this.stopped = true;
			this.thread.join();
		}

	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void spin() {
		long until = System.nanoTime() + ThreadLocalRandom.current().nextInt(20_000);
		while (System.nanoTime() < until) {
			Thread.onSpinWait();
		}
	}

}
