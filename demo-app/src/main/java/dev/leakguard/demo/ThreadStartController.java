package dev.leakguard.demo;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * 8. Threads a request starts outside any tracked executor: an executor made per request
 * and never shut down (the most common Java thread leak), and a raw {@code new Thread}.
 * With {@code leakguard.threads.created-by.enabled} (on in this demo) they count at this
 * controller's call sites.
 */
@RestController
class ThreadStartController {

	private final CountDownLatch never = new CountDownLatch(1);

	@GetMapping("/pool/leaky")
	String poolLeaky() {
		ExecutorService pool = Executors.newFixedThreadPool(2); // never shut down: its threads live forever
		pool.submit(this::report);
		return "report started on a pool of its own (never shut down)\n";
	}

	@GetMapping("/pool/safe")
	String poolSafe() throws InterruptedException {
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			pool.submit(this::report);
		}
		finally {
			pool.shutdownNow(); // the stop rule: the pool ends with the request
			pool.awaitTermination(1, TimeUnit.SECONDS);
		}
		return "report started and stopped with its pool\n";
	}

	@GetMapping("/thread/leaky")
	String threadLeaky() {
		new Thread(this::report, "report").start();
		return "report started on a thread of its own (never stops)\n";
	}

	@GetMapping("/thread/safe")
	String threadSafe() throws InterruptedException {
		Thread thread = new Thread(this::report, "report");
		thread.start();
		thread.interrupt(); // the stop rule: the request stops what it started
		thread.join(1000);
		return "report started and stopped\n";
	}

	private void report() {
		try {
			this.never.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
