package dev.leakguard.it;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Handlers for {@link ProvenLeaksTests}, run in a forked JVM: each leaves a task on a
 * virtual thread blocked on something nobody else can reach (a queue, a future, a lock's
 * condition), or, for the control, on a queue a static field still holds.
 */
@Configuration(proxyBeanMethods = false)
public class ProvenLeakHandlers {

	static final SynchronousQueue<String> HELD = new SynchronousQueue<>();

	@Bean
	SimpleAsyncTaskExecutor virtualTasks() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("virtual-task-");
		executor.setVirtualThreads(true);
		return executor;
	}

	@RestController
	static class Handlers {

		private final SimpleAsyncTaskExecutor tasks;

		Handlers(@Qualifier("virtualTasks") SimpleAsyncTaskExecutor tasks) {
			this.tasks = tasks;
		}

		@GetMapping("/proven/queue")
		String queue() {
			SynchronousQueue<String> nobodyTakes = new SynchronousQueue<>();
			this.tasks.execute(() -> quietly(() -> nobodyTakes.put("lost")));
			return "sent";
		}

		@GetMapping("/proven/future")
		String future() {
			CompletableFuture<String> neverCompleted = new CompletableFuture<>();
			this.tasks.execute(() -> quietly(neverCompleted::get));
			return "waiting";
		}

		@GetMapping("/proven/condition")
		String condition() {
			this.tasks.execute(() -> quietly(() -> {
				ReentrantLock lock = new ReentrantLock();
				Condition neverSignalled = lock.newCondition();
				lock.lock();
				try {
					neverSignalled.await();
				}
				finally {
					lock.unlock();
				}
			}));
			return "awaiting";
		}

		@GetMapping("/proven/held")
		String held() {
			this.tasks.execute(() -> quietly(() -> HELD.put("still reachable")));
			return "sent to a queue still held";
		}

		@GetMapping("/proven/gc")
		String gc() {
			for (int i = 0; i < 3; i++) {
				System.gc();
			}
			return "collected";
		}

		private static void quietly(Blocking blocking) {
			try {
				blocking.run();
			}
			catch (Exception ex) {
				// interrupted at shutdown
			}
		}

	}

	@FunctionalInterface
	interface Blocking {

		void run() throws Exception;

	}

}
