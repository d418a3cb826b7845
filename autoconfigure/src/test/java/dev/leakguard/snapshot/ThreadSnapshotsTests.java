package dev.leakguard.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of callers costs one dump: the endpoint cannot be used to stall the app with
 * thread dumps.
 */
class ThreadSnapshotsTests {

	@Test
	void concurrentCallersShareOneDump() throws Exception {
		AtomicInteger dumps = new AtomicInteger();
		ThreadDumper slowDumper = new ThreadDumper() {

			private final PlatformThreadDumper real = new PlatformThreadDumper();

			@Override
			public ThreadCounts dump(Consumer<ThreadSample> sink) {
				dumps.incrementAndGet();
				sleep(300);
				return this.real.dump(sink);
			}

		};
		ThreadSnapshots snapshots = new ThreadSnapshots(slowDumper, Duration.ofSeconds(5), Duration.ofMinutes(1),
				Clock.systemUTC());
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> callers = new ArrayList<>();
		List<ThreadSnapshot> results = java.util.Collections.synchronizedList(new ArrayList<>());
		for (int i = 0; i < 16; i++) {
			callers.add(Thread.ofPlatform().start(() -> {
				awaitQuietly(go);
				results.add(snapshots.take());
			}));
		}
		go.countDown();
		for (Thread caller : callers) {
			caller.join();
		}
		assertThat(dumps).hasValue(1);
		assertThat(results).hasSize(16).allMatch((snapshot) -> snapshot == results.get(0));
	}

	@Test
	void snapshotOlderThanMaxAgeIsRetaken() throws Exception {
		AtomicInteger dumps = new AtomicInteger();
		PlatformThreadDumper real = new PlatformThreadDumper();
		ThreadSnapshots snapshots = new ThreadSnapshots((sink) -> {
			dumps.incrementAndGet();
			return real.dump(sink);
		}, Duration.ofMillis(50), Duration.ofMinutes(1), Clock.systemUTC());
		snapshots.take();
		snapshots.take();
		assertThat(dumps).hasValue(1);
		Thread.sleep(100);
		snapshots.take();
		assertThat(dumps).hasValue(2);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
