package dev.leakguard.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.leakguard.snapshot.ThreadSnapshots.Served;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of callers costs one dump and nobody waits for it: the endpoint cannot be used
 * to stall the app with thread dumps; a failing dump falls back; memory stays bounded.
 */
class ThreadSnapshotsTests {

	@Test
	void callersNeverWaitForARunningDump() throws Exception {
		AtomicInteger dumps = new AtomicInteger();
		CountDownLatch dumping = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		PlatformThreadDumper real = new PlatformThreadDumper();
		ThreadSnapshots snapshots = new ThreadSnapshots((sink) -> {
			if (dumps.incrementAndGet() == 2) {
				dumping.countDown();
				awaitQuietly(finish);
			}
			return real.dump(sink);
		}, Duration.ofMillis(1), Duration.ofMinutes(1), Clock.systemUTC());
		ThreadSnapshot first = snapshots.take().snapshot();
		// asks until the first snapshot is old enough to be retaken; the second dump then hangs
		Thread slow = Thread.ofPlatform().start(() -> {
			while (dumps.get() < 2) {
				snapshots.take();
			}
		});
		assertThat(dumping.await(10, TimeUnit.SECONDS)).isTrue();
		// 16 callers while the second dump hangs: each gets the first snapshot at once, marked stale
		List<Served> results = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			results.add(snapshots.take());
		}
		assertThat(results).allSatisfy((served) -> {
			assertThat(served.snapshot()).isSameAs(first);
			assertThat(served.stale()).isTrue();
			assertThat(served.age()).isPositive();
		});
		finish.countDown();
		slow.join();
		assertThat(dumps).hasValue(2);
	}

	@Test
	void withoutAnEarlierSnapshotCallersGetNothingWhileTheFirstDumpRuns() throws Exception {
		CountDownLatch dumping = new CountDownLatch(1);
		CountDownLatch finish = new CountDownLatch(1);
		PlatformThreadDumper real = new PlatformThreadDumper();
		ThreadSnapshots snapshots = new ThreadSnapshots((sink) -> {
			dumping.countDown();
			awaitQuietly(finish);
			return real.dump(sink);
		}, Duration.ofSeconds(5), Duration.ofMinutes(1), Clock.systemUTC());
		Thread first = Thread.ofPlatform().start(snapshots::take);
		assertThat(dumping.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(snapshots.take()).isNull();
		finish.countDown();
		first.join();
		assertThat(snapshots.take()).isNotNull().extracting(Served::stale).isEqualTo(false);
	}

	@Test
	void failingDumpFallsBackToPlatformThreads() throws InterruptedException {
		AtomicInteger dumps = new AtomicInteger();
		ThreadSnapshots snapshots = new ThreadSnapshots((sink) -> {
			dumps.incrementAndGet();
			sink.accept(new ThreadSample(1, "half-read", true, "WAITING", List.of("a.B.c(B.java:1)")));
			throw new IllegalStateException("Thread dump failed: java.util.IllegalFormatConversionException");
		}, Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC());
		for (int i = 0; i < 3; i++) {
			Thread.sleep(200); // past twice the last dump's time, so each call dumps again
			ThreadSnapshot snapshot = snapshots.take().snapshot();
			assertThat(snapshot.threads().virtual()).isNull();
			assertThat(snapshot.groups()).isNotEmpty().noneMatch(StackGroup::virtual);
			assertThat(snapshot.groups()).flatExtracting(StackGroup::threadNames).doesNotContain("half-read");
		}
		assertThat(dumps).hasValue(3);
	}

	@Test
	void longThreadNamesAreCut() {
		String name = "n".repeat(100_000);
		ThreadSnapshots snapshots = new ThreadSnapshots((sink) -> {
			sink.accept(new ThreadSample(1, name, false, "WAITING", List.of("a.B.c(B.java:1)")));
			return new ThreadCounts(1, null, 0, 1);
		}, Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC());
		String kept = snapshots.take().snapshot().groups().get(0).threadNames().get(0);
		assertThat(kept).hasSize(StackGrouper.MAX_NAME_LENGTH + 1).startsWith("nnn").endsWith("…");
	}

	@Test
	void snapshotsShareFramesAndHistoryKeepsNoFrames() throws InterruptedException {
		List<String> stack = new ArrayList<>();
		for (int i = 0; i < 165; i++) {
			stack.add("com.example.Deep.level" + i + "(Deep.java:" + i + ")");
		}
		ThreadSnapshots snapshots = new ThreadSnapshots((sink) -> {
			sink.accept(new ThreadSample(1, "t", false, "WAITING", new ArrayList<>(stack)));
			return new ThreadCounts(1, null, 0, 1);
		}, Duration.ZERO, Duration.ofMinutes(1), Clock.systemUTC());
		ThreadSnapshot one = snapshots.take().snapshot();
		Thread.sleep(200);
		ThreadSnapshot two = snapshots.take().snapshot();
		assertThat(two).isNotSameAs(one);
		for (int i = 0; i < stack.size(); i++) {
			assertThat(two.groups().get(0).frames().get(i)).isSameAs(one.groups().get(0).frames().get(i));
		}
		// the second snapshot pays for references, not for another copy of the frames
		assertThat(two.estimatedBytes()).isLessThan(165 * 8 + 1000);
		assertThat(two.groups().get(0).trend()).isEqualTo(Trend.STABLE);
	}

	@Test
	void snapshotOlderThanMaxAgeIsRetaken() throws Exception {
		AtomicInteger dumps = new AtomicInteger();
		PlatformThreadDumper real = new PlatformThreadDumper();
		ThreadSnapshots snapshots = new ThreadSnapshots((sink) -> {
			dumps.incrementAndGet();
			return real.dump(sink);
		}, Duration.ofMillis(50), Duration.ofMinutes(1), Clock.systemUTC());
		assertThat(snapshots.take().stale()).isFalse();
		assertThat(snapshots.take().stale()).isFalse();
		assertThat(dumps).hasValue(1);
		Thread.sleep(100);
		assertThat(snapshots.take().stale()).isFalse();
		assertThat(dumps).hasValue(2);
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
