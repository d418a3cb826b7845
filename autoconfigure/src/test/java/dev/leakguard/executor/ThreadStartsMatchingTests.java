package dev.leakguard.executor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.leakguard.scope.RequestScope;
import org.junit.jupiter.api.AfterEach;
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

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Thread> started = new ArrayList<>();

	@AfterEach
	void release() throws InterruptedException {
		this.release.countDown();
		for (Thread thread : this.started) {
			thread.join();
		}
	}

	@Test
	void aStartCountsForTheRequestThatCreatedTheThreadWhateverTheClocksSay() throws Exception {
		this.starts.creatingInScope(scope("GET /one")); // the first request creates a thread
		Thread first = start();
		Thread.sleep(5);
		this.starts.creatingInScope(scope("GET /two")); // the next request on the same worker, 5 ms later
		Thread second = start();
		// the events, read later: by JFR's clock, the first start can seem to come after the second creation
		this.starts.started(first.threadId(), Thread.currentThread().threadId(), STACK);
		this.starts.started(second.threadId(), Thread.currentThread().threadId(), STACK);
		assertThat(routes()).containsExactlyInAnyOrder("GET /one", "GET /two");
	}

	@Test
	void aTrackedExecutorsStartClaimsNoCreation() {
		this.starts.creatingInScope(scope("GET /own")); // the handler's own thread; the pool's worker noted none
		Thread worker = start();
		Thread own = start();
		this.starts.started(worker.threadId(), Thread.currentThread().threadId(),
				List.of("java.lang.Thread.start(Thread.java:1)",
						"java.util.concurrent.ThreadPoolExecutor.addWorker(ThreadPoolExecutor.java:1)",
						"java.util.concurrent.ThreadPoolExecutor.execute(ThreadPoolExecutor.java:1)",
						"dev.leakguard.executor.TrackingThreadPoolExecutor.execute(TrackingThreadPoolExecutor.java:1)",
						"com.example.Handlers.pooled(Handlers.java:20)"));
		this.starts.started(own.threadId(), Thread.currentThread().threadId(), STACK);
		assertThat(routes()).containsExactly("GET /own");
	}

	private static RequestScope scope(String route) {
		RequestScope scope = RequestScope.create(Duration.ofSeconds(30));
		scope.setRoute(route);
		return scope;
	}

	/** A real platform thread, alive until the test ends, as the registry counts only those. */
	private Thread start() {
		Thread thread = Thread.ofPlatform().start(() -> await(this.release));
		this.started.add(thread);
		return thread;
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
