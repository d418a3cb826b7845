package dev.leakguard.executor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.leakguard.scope.CancelCause;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunningSetTests {

	private final SiteTasks site = new SiteTasks("a.A.a(A.java:1)", "pool", new AtomicBoolean(), new WorkerThreads(),
			null);

	@Test
	void readersSeeExactlyTheTasksNotRemovedAfterConcurrentAddsAndRemoves() throws Exception {
		RunningSet running = new RunningSet();
		Set<TrackedTask> kept = ConcurrentHashMap.newKeySet();
		AtomicBoolean writing = new AtomicBoolean(true);
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> writers = new ArrayList<>();
		for (int w = 0; w < 8; w++) {
			writers.add(Thread.ofPlatform().start(() -> {
				await(start);
				List<RunningSet.Node> live = new ArrayList<>();
				for (int i = 0; i < 20_000; i++) {
					Task task = new Task(this.site);
					RunningSet.Node node = running.add(task);
					if (i % 500 == 0) {
						kept.add(task);
					}
					else {
						live.add(node);
					}
					if (live.size() > 16) { // a few tasks overlap, as on a pool
						running.remove(live.remove(0));
					}
				}
				live.forEach(running::remove);
			}));
		}
		// a reader unlinks while the writers push: gauges read at any time
		Thread reader = Thread.ofPlatform().start(() -> {
			while (writing.get()) {
				running.size();
				running.snapshot();
			}
		});
		start.countDown();
		for (Thread writer : writers) {
			writer.join();
		}
		writing.set(false);
		reader.join();
		assertThat(kept).hasSize(8 * 40);
		assertThat(new HashSet<>(running.snapshot())).isEqualTo(kept);
		assertThat(running.size()).isEqualTo(kept.size());
		assertThat(running.nodes()).isEqualTo(kept.size());
	}

	@Test
	void emptyNodesStayWithinTwiceTheLiveTasks() {
		RunningSet running = new RunningSet();
		List<RunningSet.Node> live = new ArrayList<>();
		int maxNodes = 0;
		for (int i = 0; i < 1_000_000; i++) {
			live.add(running.add(new Task(this.site)));
			if (live.size() > 100) {
				running.remove(live.remove(0));
			}
			if (i % 1000 == 0) {
				maxNodes = Math.max(maxNodes, running.nodes());
			}
		}
		assertThat(maxNodes).isLessThanOrEqualTo(2 * 101 + RunningSet.emptyNodesBound());
		live.forEach(running::remove);
		assertThat(running.size()).isZero();
		assertThat(running.nodes()).isZero();
	}

	@Test
	void removingTwiceRemovesOnce() {
		RunningSet running = new RunningSet();
		Task first = new Task(this.site);
		Task second = new Task(this.site);
		RunningSet.Node node = running.add(first);
		running.add(second);
		running.remove(node);
		running.remove(node);
		assertThat(running.snapshot()).containsExactly(second);
		assertThat(running.size()).isOne();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class Task extends TrackedTask {

		Task(SiteTasks site) {
			super(site, null);
		}

		@Override
		@Nullable Thread thread() {
			return null;
		}

		@Override
		boolean stop() {
			return false;
		}

		@Override
		protected void cancelled(CancelCause cause) {
		}

	}

}
