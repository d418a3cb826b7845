package dev.leakguard.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakguard.scope.RequestScope;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * The classic leaks, each beside its fix. Every leaky endpoint returns at once and
 * leaves something behind; its safe twin leaves nothing.
 */
@RestController
class LeakController {

	/** Nobody reads it: every put blocks. */
	private final BlockingQueue<String> events = new ArrayBlockingQueue<>(1);

	private final CountDownLatch never = new CountDownLatch(1);

	private final AtomicLong ticks = new AtomicLong();

	private final ExecutorService workers;

	private final ScheduledExecutorService tickers;

	private final RestClient upstreamClient;

	private final HangingUpstream upstream;

	LeakController(@Qualifier("workers") ExecutorService workers, @Qualifier("tickers") ScheduledExecutorService tickers,
			RestClient.Builder restClient, HangingUpstream upstream) {
		this.workers = workers;
		this.tickers = tickers;
		this.upstreamClient = restClient.build();
		this.upstream = upstream;
		this.events.add("full");
	}

	// 1. Unbounded send: a task blocked forever on a full queue.

	@GetMapping("/queue/leaky")
	String queueLeaky() {
		this.workers.submit(() -> {
			this.events.put("event");
			return null;
		});
		return "queued (blocks until the deadline interrupts it)\n";
	}

	@GetMapping("/queue/safe")
	String queueSafe() throws Exception {
		boolean sent = this.workers.submit(() -> this.events.offer("event", 1, TimeUnit.SECONDS)).get();
		return sent ? "sent\n" : "dropped after 1s: queue full\n";
	}

	// 2. Outbound call to an unresponsive upstream.

	@GetMapping("/upstream/leaky")
	String upstreamLeaky() {
		this.workers.submit(() -> {
			// a hand-made client with no timeout, out of leakguard's reach
			HttpClient client = HttpClient.newHttpClient();
			return client.send(HttpRequest.newBuilder(URI.create(this.upstream.url())).build(),
					HttpResponse.BodyHandlers.ofString());
		});
		return "calling (waits forever)\n";
	}

	@GetMapping("/upstream/safe")
	String upstreamSafe() {
		// Boot's builder: leakguard's timeouts and the request deadline apply; a 504 comes back
		return this.upstreamClient.get().uri(this.upstream.url()).retrieve().body(String.class);
	}

	/** The read timeout (2s here) is the upstream's fault, not ours: a gateway timeout. */
	@ExceptionHandler(ResourceAccessException.class)
	ResponseEntity<String> upstreamTimedOut(ResourceAccessException ex) {
		return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body("upstream did not answer in time\n");
	}

	// 3. Worker loop with no exit: it never looks at interrupts or shutdown.

	@GetMapping("/worker/leaky")
	String workerLeaky() {
		this.workers.submit(() -> {
			while (true) {
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException ignored) {
					// swallowed: the loop has no stop rule
				}
			}
		});
		return "worker started (never stops)\n";
	}

	@GetMapping("/worker/safe")
	String workerSafe() {
		this.workers.submit(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException ex) {
					return; // the stop rule: an interrupt ends the loop
				}
			}
		});
		return "worker started (stops at the request deadline)\n";
	}

	// 4. Per-request ticker never stopped.

	@GetMapping("/ticker/leaky")
	String tickerLeaky() {
		this.tickers.scheduleAtFixedRate(this.ticks::incrementAndGet, 0, 1, TimeUnit.SECONDS);
		return "ticking (forever)\n";
	}

	@GetMapping("/ticker/safe")
	String tickerSafe() throws InterruptedException {
		ScheduledFuture<?> ticker = this.tickers.scheduleAtFixedRate(this.ticks::incrementAndGet, 0, 100,
				TimeUnit.MILLISECONDS);
		try {
			Thread.sleep(300);
			return "ticked while the request lasted\n";
		}
		finally {
			ticker.cancel(false);
		}
	}

	// 5. Background work started with no deadline.

	@GetMapping("/background/leaky")
	String backgroundLeaky() {
		Thread thread = new Thread(this::awaitForever, "background-report");
		thread.setDaemon(true);
		thread.start();
		return "background work started (no deadline, no scope)\n";
	}

	@GetMapping("/background/safe")
	String backgroundSafe() {
		try (RequestScope scope = RequestScope.open(Duration.ofSeconds(2))) {
			this.workers.submit(this::awaitForever);
		}
		return "background work started (cancelled after 2s)\n";
	}

	// 6. A healthy burst: work that ends by itself. A spike, not a leak.

	@GetMapping("/burst")
	String burst() {
		for (int i = 0; i < 20; i++) {
			this.workers.submit(() -> {
				Thread.sleep(3000);
				return null;
			});
		}
		return "20 tasks for 3s\n";
	}

	private void awaitForever() {
		try {
			this.never.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
