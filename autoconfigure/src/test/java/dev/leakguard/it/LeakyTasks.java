package dev.leakguard.it;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Handlers that start work which never reaches an exit: the test subjects of the task
 * tracking tests.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class LeakyTasks {

	/** Always full: every put blocks until interrupted. */
	static final BlockingQueue<String> FULL = new ArrayBlockingQueue<>(1, false, java.util.List.of("full"));

	static final BlockingQueue<String> EMPTY = new ArrayBlockingQueue<>(1);

	static final AtomicInteger TICKS = new AtomicInteger();

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService workers() {
		return Executors.newCachedThreadPool();
	}

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService virtualWorkers() {
		return Executors.newVirtualThreadPerTaskExecutor();
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService tickers() {
		return Executors.newScheduledThreadPool(1);
	}

	@Bean
	String workerLoop(@Qualifier("workers") ExecutorService workers) {
		// a worker loop with no stop rule, started outside any request
		workers.submit(LeakyTasks::drainForever);
		return "started";
	}

	static void drainForever() {
		while (true) {
			try {
				EMPTY.take();
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	static void send() {
		try {
			FULL.put("message");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@RestController
	static class Handlers {

		private final ExecutorService workers;

		private final ExecutorService virtualWorkers;

		private final ScheduledExecutorService tickers;

		private final AsyncSender asyncSender;

		Handlers(@Qualifier("workers") ExecutorService workers,
				@Qualifier("virtualWorkers") ExecutorService virtualWorkers,
				@Qualifier("tickers") ScheduledExecutorService tickers, AsyncSender asyncSender) {
			this.workers = workers;
			this.virtualWorkers = virtualWorkers;
			this.tickers = tickers;
			this.asyncSender = asyncSender;
		}

		@GetMapping("/leak/queue")
		String queue() {
			this.workers.submit(LeakyTasks::send);
			return "sent";
		}

		@GetMapping("/leak/twice")
		String twice() {
			this.workers.submit(LeakyTasks::send);
			this.workers.submit(LeakyTasks::send);
			return "sent twice";
		}

		@GetMapping("/leak/virtual")
		String virtual() {
			this.virtualWorkers.submit(LeakyTasks::send);
			return "sent";
		}

		@GetMapping("/leak/async")
		String async() {
			this.asyncSender.send();
			return "sent";
		}

		@GetMapping("/leak/ticker")
		String ticker() {
			this.tickers.scheduleAtFixedRate(TICKS::incrementAndGet, 0, 50, TimeUnit.MILLISECONDS);
			return "ticking";
		}

	}

	@Service
	static class AsyncSender {

		@Async
		public void send() {
			LeakyTasks.send();
		}

	}

}
