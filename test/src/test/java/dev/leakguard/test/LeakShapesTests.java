package dev.leakguard.test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Negative controls: each of the six seed leak shapes is reported, with its wait reason
 * and the frame that leaks, and its safe twin passes.
 */
class LeakShapesTests {

	private static final LeakOptions QUICK = LeakOptions.defaults().timeout(Duration.ofMillis(500));

	private final List<AutoCloseable> cleanup = new ArrayList<>();

	private volatile boolean stopLoops;

	@AfterEach
	void release() throws Exception {
		this.stopLoops = true;
		for (AutoCloseable resource : this.cleanup) {
			resource.close();
		}
	}

	@Test
	void blockedSend() throws Throwable {
		BlockingQueue<String> full = new ArrayBlockingQueue<>(1, false, List.of("full"));
		String report = leaked(() -> start(() -> full.put("more")));
		assertThat(report).contains("1 @ WAITING [queue put]").contains("LeakShapesTests.lambda$blockedSend$");
		passes(() -> {
			Thread sender = start(() -> full.offer("more", 50, TimeUnit.MILLISECONDS));
			sender.join();
		});
	}

	@Test
	void unresponsiveUpstream() throws Throwable {
		ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
		this.cleanup.add(upstream);
		String report = leaked(() -> start(() -> {
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), upstream.getLocalPort())) {
				socket.getInputStream().read(); // no timeout: waits for an answer that never comes
			}
		}));
		assertThat(report).contains("[socket read]").contains("LeakShapesTests.lambda$unresponsiveUpstream$");
		passes(() -> start(() -> {
			try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), upstream.getLocalPort())) {
				socket.setSoTimeout(100);
				InputStream in = socket.getInputStream();
				in.read();
			}
		}).join());
	}

	@Test
	void loopWithNoExit() throws Throwable {
		String report = leaked(() -> start(() -> {
			while (!this.stopLoops) {
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException ignored) {
					// swallowed: no stop rule
				}
			}
		}));
		assertThat(report).contains("[sleep]").contains("LeakShapesTests.lambda$loopWithNoExit$");
		passes(() -> {
			Thread worker = start(() -> {
				while (!Thread.currentThread().isInterrupted()) {
					try {
						Thread.sleep(20);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			});
			worker.interrupt();
			worker.join();
		});
	}

	@Test
	void unstoppedTicker() throws Throwable {
		String report = leaked(() -> {
			ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
			this.cleanup.add(ticker::shutdownNow);
			ticker.scheduleAtFixedRate(() -> { }, 0, 10, TimeUnit.MILLISECONDS);
		});
		assertThat(report).contains("ScheduledThreadPoolExecutor");
		passes(() -> {
			ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
			ticker.scheduleAtFixedRate(() -> { }, 0, 10, TimeUnit.MILLISECONDS);
			ticker.shutdownNow();
			ticker.awaitTermination(1, TimeUnit.SECONDS);
		});
	}

	@Test
	void backgroundWorkWithoutDeadlineOnAVirtualThread() throws Throwable {
		CountDownLatch never = new CountDownLatch(1);
		this.cleanup.add(never::countDown);
		String report = leaked(() -> Thread.ofVirtual().start(() -> await(never)));
		assertThat(report).contains("(virtual) [latch await]").contains("LeakShapesTests.await(");
		passes(() -> {
			Thread bounded = Thread.ofVirtual().start(() -> {
				try {
					never.await(50, TimeUnit.MILLISECONDS); // a deadline
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			bounded.join();
		});
	}

	@Test
	void workerPoolWithNoShutdown() throws Throwable {
		String report = leaked(() -> {
			ExecutorService pool = Executors.newFixedThreadPool(2);
			this.cleanup.add(pool::shutdownNow);
			pool.submit(() -> { }).get();
			pool.submit(() -> { }).get();
		});
		assertThat(report).contains("leaked 2 threads").contains("[idle pool worker]");
		passes(() -> {
			ExecutorService pool = Executors.newFixedThreadPool(2);
			pool.submit(() -> { }).get();
			pool.shutdown();
			pool.awaitTermination(1, TimeUnit.SECONDS);
		});
	}

	private String leaked(Executable code) {
		AssertionError failure = catchThrowableOfType(AssertionError.class,
				() -> LeakAssertions.assertNoLeaks(QUICK, null, code));
		assertThat(failure).as("the leak must be reported").isNotNull();
		return failure.getMessage();
	}

	private static void passes(Executable code) {
		assertThatCode(() -> LeakAssertions.assertNoLeaks(QUICK, null, code)).doesNotThrowAnyException();
	}

	private Thread start(Blocking body) {
		Thread thread = Thread.ofPlatform().daemon().start(() -> {
			try {
				body.run();
			}
			catch (Exception ex) {
				// released at the end of the test
			}
		});
		this.cleanup.add(thread::interrupt);
		return thread;
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	interface Blocking {

		void run() throws Exception;

	}

}
