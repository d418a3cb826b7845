package dev.leakguard.executor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.leakguard.scope.RequestScope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A platform thread's JFR start event is matched to the creation its starting thread
 * noted in a scope, in order, not by time: JFR's event times and the wall clock differ by
 * a millisecond or so, so a thread started in one request, and a thread created by the
 * next request on the same worker a moment later, must each count for their own request
 * (the full suite once gave the first to the second's request). A tracked executor's
 * start, for which no creation was noted, claims none.
 */
class ThreadStartsMatchingTests {

	private static final List<String> STACK = List.of("java.lang.Thread.start(Thread.java:1)",
			"com.example.Handlers.thread(Handlers.java:10)");

	private final TaskRegistry registry = new TaskRegistry(10);

	private final ThreadStarts starts = new ThreadStarts(this.registry);

	@Test
	void aStartCountsForTheRequestThatCreatedTheThreadWhateverTheClocksSay() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Thread first = Thread.ofPlatform().unstarted(() -> await(release));
		Thread second = Thread.ofPlatform().unstarted(() -> await(release));
		try {
			RequestScope one = RequestScope.create(Duration.ofSeconds(30));
			one.setRoute("GET /one");
			this.starts.creatingInScope(one); // the first request creates a thread
			first.start();
			RequestScope two = RequestScope.create(Duration.ofSeconds(30));
			two.setRoute("GET /two");
			Thread.sleep(5);
			this.starts.creatingInScope(two); // the next request on the same worker, 5 ms later
			second.start();
			// the events, read later: by JFR's clock, the first start can seem to come after the second creation
			this.starts.started(first.threadId(), Thread.currentThread().threadId(), STACK);
			this.starts.started(second.threadId(), Thread.currentThread().threadId(), STACK);
			assertThat(routes()).containsExactlyInAnyOrder("GET /one", "GET /two");
		}
		finally {
			release.countDown();
			first.join();
			second.join();
		}
	}

	@Test
	void aTrackedExecutorsStartClaimsNoCreation() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		Thread worker = Thread.ofPlatform().unstarted(() -> await(release));
		Thread own = Thread.ofPlatform().unstarted(() -> await(release));
		try {
			RequestScope scope = RequestScope.create(Duration.ofSeconds(30));
			scope.setRoute("GET /own");
			this.starts.creatingInScope(scope); // the handler's own thread; the pool's worker noted none
			worker.start();
			own.start();
			this.starts.started(worker.threadId(), Thread.currentThread().threadId(),
					List.of("java.lang.Thread.start(Thread.java:1)",
							"java.util.concurrent.ThreadPoolExecutor.addWorker(ThreadPoolExecutor.java:1)",
							"java.util.concurrent.ThreadPoolExecutor.execute(ThreadPoolExecutor.java:1)",
							"dev.leakguard.executor.TrackingThreadPoolExecutor.execute(TrackingThreadPoolExecutor.java:1)",
							"com.example.Handlers.pooled(Handlers.java:20)"));
			this.starts.started(own.threadId(), Thread.currentThread().threadId(), STACK);
			assertThat(routes()).containsExactly("GET /own");
		}
		finally {
			release.countDown();
			worker.join();
			own.join();
		}
	}

	private List<String> routes() {
		return this.registry.sites()
			.stream()
			.flatMap((site) -> site.running().stream())
			.map((task) -> task.scope.route())
			.toList();
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
