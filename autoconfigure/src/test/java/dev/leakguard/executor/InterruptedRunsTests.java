package dev.leakguard.executor;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.leakguard.scope.RequestScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scope cancelled while its task runs interrupts the task's thread, and only while the
 * task runs: a cancel racing the task's end must not leave the interrupt on the pool's
 * thread for the next task. The worker here, unlike a {@code ThreadPoolExecutor}'s, does not
 * clear interrupts between tasks (a {@code ForkJoinPool}'s, or a caller running the task
 * itself, do not either).
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
			AtomicBoolean started = new AtomicBoolean();
			Runnable task;
			try (RequestScope.Binding binding = scope.enter()) {
				task = this.registry.wrap(() -> {
					started.set(true);
					spin();
				}, "a.A.a(A.java:1)", "pool");
			}
			this.pool.run(task);
			while (!started.get()) {
				Thread.onSpinWait();
			}
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

	private static void spin() {
		long until = System.nanoTime() + ThreadLocalRandom.current().nextInt(20_000);
		while (System.nanoTime() < until) {
			Thread.onSpinWait();
		}
	}

}
