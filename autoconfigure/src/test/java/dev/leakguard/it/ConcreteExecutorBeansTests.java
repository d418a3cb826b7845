package dev.leakguard.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.executor.TrackingForkJoinPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12: executor beans declared by the JDK's concrete classes keep their type (so
 * Micrometer's executor metrics still bind to them, and injection by class works) and
 * their tasks are tracked at the handler: a blocked send per request (a callable, and on a
 * {@code ForkJoinPool} also a task of its own kind), and a ticker per request counted from
 * scheduling to cancel.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import(ConcreteExecutorBeansTests.Executors.class)
class ConcreteExecutorBeansTests {

	static final BlockingQueue<String> FULL = new ArrayBlockingQueue<>(1, false, List.of("full"));

	@Autowired
	private RestTestClient client;

	@Autowired
	private TaskRegistry registry;

	@Autowired
	@Qualifier("concretePool")
	private ThreadPoolExecutor pool;

	@Autowired
	@Qualifier("concreteScheduler")
	private ScheduledThreadPoolExecutor scheduler;

	@Autowired
	@Qualifier("concreteForkJoinPool")
	private ForkJoinPool forkJoinPool;

	@Test
	void beansKeepTheirTypeAndConfigurationAndMetricsBind() {
		assertThat(this.pool.getCorePoolSize()).isEqualTo(3);
		assertThat(this.pool.getMaximumPoolSize()).isEqualTo(7);
		assertThat(this.pool.getQueue()).isInstanceOf(LinkedBlockingQueue.class);
		assertThat(this.scheduler.getCorePoolSize()).isEqualTo(2);
		MeterRegistry meters = new SimpleMeterRegistry();
		new ExecutorServiceMetrics(this.pool, "concretePool", List.of()).bindTo(meters);
		assertThat(meters.find("executor.pool.core").gauge().value()).isEqualTo(3);
	}

	@Test
	void aForkJoinPoolBeanKeepsItsTypeAndConfigurationAndMetricsBind() {
		assertThat(this.forkJoinPool).isInstanceOf(TrackingForkJoinPool.class);
		assertThat(this.forkJoinPool.getParallelism()).isEqualTo(3);
		assertThat(this.forkJoinPool.getAsyncMode()).isTrue();
		assertThat(this.forkJoinPool.getUncaughtExceptionHandler()).isSameAs(Executors.HANDLER);
		MeterRegistry meters = new SimpleMeterRegistry();
		new ExecutorServiceMetrics(this.forkJoinPool, "concreteForkJoinPool", List.of()).bindTo(meters);
		assertThat(meters.find("executor.parallelism").gauge().value()).isEqualTo(3);
	}

	@Test
	void tasksOfAForkJoinPoolBeanAreTrackedAtTheirHandler() {
		for (int i = 0; i < 2; i++) {
			this.client.get().uri("/concrete/forkjoin").exchange().expectStatus().isOk();
			this.client.get().uri("/concrete/forkjoin-task").exchange().expectStatus().isOk();
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			SiteTasks callables = Sites.site(this.registry, "Handlers.forkJoin(", "concreteForkJoinPool");
			assertThat(callables.active()).isEqualTo(2);
			assertThat(callables.orphaned()).isEqualTo(2);
			SiteTasks tasks = Sites.site(this.registry, "Handlers.forkJoinTask(", "concreteForkJoinPool");
			assertThat(tasks.active()).isEqualTo(2);
			assertThat(tasks.orphaned()).isEqualTo(2);
		});
	}

	@Test
	void callablesInvokedTogetherOnTheForkJoinPoolBeanCountAtTheirCaller() throws Exception {
		List<Callable<Integer>> callables = List.of(() -> 1, () -> 2);
		assertThat(this.forkJoinPool.invokeAll(callables)).extracting(Future::get).containsExactly(1, 2);
		List<Callable<Integer>> one = List.of(() -> 3);
		assertThat(this.forkJoinPool.invokeAny(one)).isEqualTo(3);
		assertThat(this.registry.total("dev.leakguard.it.ConcreteExecutorBeansTests.callablesInvokedTogetherOnTheForkJoinPoolBeanCountAtTheirCaller",
				"concreteForkJoinPool", SiteTasks::submitted)).isEqualTo(3);
	}

	@Test
	void aForkJoinTaskHandedToTheBeanCompletesForItsCaller() {
		ForkJoinTask<Integer> sum = this.forkJoinPool.submit(new Sum(1, 1001));
		assertThat(sum.join()).isEqualTo(500_500);
		assertThat(this.forkJoinPool.invoke(new Sum(1, 11))).isEqualTo(55);
		assertThat(Sites.site(this.registry, "ConcreteExecutorBeansTests.aForkJoinTaskHanded", "concreteForkJoinPool")
			.submitted()).isEqualTo(2);
	}

	@Test
	void tasksOfAConcreteThreadPoolExecutorAreTrackedAtTheirHandler() {
		for (int i = 0; i < 3; i++) {
			this.client.get().uri("/concrete/pool").exchange().expectStatus().isOk();
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			SiteTasks site = Sites.site(this.registry, "Handlers.pool(", "concretePool");
			assertThat(site.active()).isEqualTo(3);
			assertThat(site.orphaned()).isEqualTo(3);
		});
	}

	@Test
	void aTickerOnAConcreteScheduledThreadPoolExecutorCountsUntilCancelled() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.client.get().uri("/concrete/ticker").exchange().expectStatus().isOk();
		}
		for (int check = 0; check < 4; check++) {
			assertThat(Sites.site(this.registry, "Handlers.ticker(", "concreteScheduler").active()).as("check %s", check).isEqualTo(3);
			Thread.sleep(60);
		}
		ScheduledFuture<?> cancelled = this.scheduler.scheduleAtFixedRate(() -> { }, 0, 20, TimeUnit.MILLISECONDS);
		assertThat(Sites.site(this.registry, "ConcreteExecutorBeansTests.aTickerOnAConcrete", "concreteScheduler").active()).isEqualTo(1);
		cancelled.cancel(false);
		assertThat(Sites.site(this.registry, "ConcreteExecutorBeansTests.aTickerOnAConcrete", "concreteScheduler").active()).isZero();
	}

	/** A task of the pool's own kind that blocks, as a leaked one would. */
	static final class BlockedSend extends RecursiveAction {

		@Override
		protected void compute() {
			try {
				FULL.put("more");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** Sums a range by forking halves: subtasks run inside the pool, as part of the task. */
	static final class Sum extends RecursiveTask<Integer> {

		private final int from;

		private final int to;

		Sum(int from, int to) {
			this.from = from;
			this.to = to;
		}

		@Override
		protected Integer compute() {
			if (this.to - this.from <= 100) {
				int sum = 0;
				for (int i = this.from; i < this.to; i++) {
					sum += i;
				}
				return sum;
			}
			int middle = (this.from + this.to) / 2;
			Sum left = new Sum(this.from, middle);
			left.fork();
			return new Sum(middle, this.to).compute() + left.join();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Executors {

		@Bean(destroyMethod = "shutdownNow")
		ThreadPoolExecutor concretePool() {
			return new ThreadPoolExecutor(3, 7, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		}

		@Bean(destroyMethod = "shutdownNow")
		ScheduledThreadPoolExecutor concreteScheduler() {
			return new ScheduledThreadPoolExecutor(2);
		}

		static final Thread.UncaughtExceptionHandler HANDLER = (thread, ex) -> { };

		@Bean(destroyMethod = "shutdownNow")
		ForkJoinPool concreteForkJoinPool() {
			return new ForkJoinPool(3, ForkJoinPool.defaultForkJoinWorkerThreadFactory, HANDLER, true);
		}

		@RestController
		static class Handlers {

			private final ThreadPoolExecutor pool;

			private final ScheduledThreadPoolExecutor scheduler;

			private final ForkJoinPool forkJoinPool;

			Handlers(@Qualifier("concretePool") ThreadPoolExecutor pool,
					@Qualifier("concreteScheduler") ScheduledThreadPoolExecutor scheduler,
					@Qualifier("concreteForkJoinPool") ForkJoinPool forkJoinPool) {
				this.pool = pool;
				this.scheduler = scheduler;
				this.forkJoinPool = forkJoinPool;
			}

			@GetMapping("/concrete/forkjoin")
			String forkJoin() {
				this.forkJoinPool.submit(() -> {
					FULL.put("more");
					return null;
				});
				return "sent";
			}

			@GetMapping("/concrete/forkjoin-task")
			String forkJoinTask() {
				this.forkJoinPool.execute(new BlockedSend());
				return "sent";
			}

			@GetMapping("/concrete/pool")
			String pool() {
				this.pool.submit(() -> {
					FULL.put("more");
					return null;
				});
				return "sent";
			}

			@GetMapping("/concrete/ticker")
			String ticker() {
				this.scheduler.scheduleAtFixedRate(() -> { }, 0, 50, TimeUnit.MILLISECONDS);
				return "ticking";
			}

		}

	}

}
