package dev.leakguard.scope;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentBagTests {

	@Test
	void readersSeeExactlyTheElementsNotRemovedAfterConcurrentAddsAndRemoves() throws Exception {
		ConcurrentBag<Object> running = new ConcurrentBag<>(ConcurrentBag.PER_PROCESSORS);
		Set<Object> kept = ConcurrentHashMap.newKeySet();
		AtomicBoolean writing = new AtomicBoolean(true);
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> writers = new ArrayList<>();
		for (int w = 0; w < 8; w++) {
			writers.add(Thread.ofPlatform().start(() -> {
				await(start);
				List<ConcurrentBag.Node<Object>> live = new ArrayList<>();
				for (int i = 0; i < 20_000; i++) {
					Object task = new Object();
					ConcurrentBag.Node<Object> node = running.add(task, ThreadLocalRandom.current().nextInt());
					if (i % 500 == 0) {
						kept.add(task);
					}
					else {
						live.add(node);
					}
					if (live.size() > 16) { // a few tasks overlap, as on a pool
						live.remove(0).remove();
					}
				}
				live.forEach(ConcurrentBag.Node::remove);
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
	void emptyNodesStayWithinTwiceTheLiveElements() {
		ConcurrentBag<Object> running = new ConcurrentBag<>(ConcurrentBag.PER_PROCESSORS);
		List<ConcurrentBag.Node<Object>> live = new ArrayList<>();
		int maxNodes = 0;
		for (int i = 0; i < 1_000_000; i++) {
			live.add(running.add(new Object(), ThreadLocalRandom.current().nextInt()));
			if (live.size() > 100) {
				live.remove(0).remove();
			}
			if (i % 1000 == 0) {
				maxNodes = Math.max(maxNodes, running.nodes());
			}
		}
		assertThat(maxNodes).isLessThanOrEqualTo(2 * 101 + running.emptyNodesBound());
		live.forEach(ConcurrentBag.Node::remove);
		assertThat(running.size()).isZero();
		assertThat(running.nodes()).isZero();
	}

	@Test
	void removingTheNewestTakesTheEmptyNodesBelowIt() {
		// requests end about in the order they came, while a stack keeps the newest on top
		ConcurrentBag<Object> slot = new ConcurrentBag<>(1, 4);
		List<ConcurrentBag.Node<Object>> nodes = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			nodes.add(slot.add(new Object(), i));
		}
		nodes.forEach(ConcurrentBag.Node::remove);
		assertThat(slot.nodes()).isZero();
	}

	@Test
	void removingTwiceRemovesOnce() {
		ConcurrentBag<Object> running = new ConcurrentBag<>(ConcurrentBag.PER_PROCESSORS);
		Object first = new Object();
		Object second = new Object();
		ConcurrentBag.Node<Object> node = running.add(first, 1); // one stack: the first is not its head
		running.add(second, 1);
		node.remove();
		node.remove();
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

}
