package dev.leakguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Threads parked in known methods until closed, so tests can find their stack groups.
 */
final class ParkedThreads implements AutoCloseable {

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Thread> threads = new ArrayList<>();

	ParkedThreads platform(int count) {
		return start(count, false);
	}

	ParkedThreads virtual(int count) {
		return start(count, true);
	}

	/** One platform thread with the given name, whatever it holds. */
	ParkedThreads named(String name) {
		CountDownLatch started = new CountDownLatch(1);
		this.threads.add(Thread.ofPlatform().name(name).daemon().start(() -> parkPlatform(started)));
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.threads.stream().allMatch((t) -> t.getState() == Thread.State.WAITING));
		return this;
	}

	private ParkedThreads start(int count, boolean virtual) {
		CountDownLatch started = new CountDownLatch(count);
		for (int i = 0; i < count; i++) {
			Runnable task = virtual ? () -> parkVirtual(started) : () -> parkPlatform(started);
			this.threads.add(virtual ? Thread.ofVirtual().name("parked-virtual").start(task)
					: Thread.ofPlatform().name("parked-platform-" + i).daemon().start(task));
		}
		await().atMost(30, TimeUnit.SECONDS).until(() -> started.getCount() == 0);
		// every thread counted down; wait until each is actually parked in await()
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.threads.stream().allMatch((t) -> t.getState() == Thread.State.WAITING));
		return this;
	}

	void parkPlatform(CountDownLatch started) {
		started.countDown();
		awaitRelease();
	}

	void parkVirtual(CountDownLatch started) {
		started.countDown();
		awaitRelease();
	}

	private void awaitRelease() {
		try {
			this.release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.release.countDown();
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

}
