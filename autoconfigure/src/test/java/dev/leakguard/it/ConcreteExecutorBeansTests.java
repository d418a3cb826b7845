package dev.leakguard.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;
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
 * their tasks are tracked at the handler: a blocked send per request, and a ticker per
 * request counted from scheduling to cancel.
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

		@RestController
		static class Handlers {

			private final ThreadPoolExecutor pool;

			private final ScheduledThreadPoolExecutor scheduler;

			Handlers(@Qualifier("concretePool") ThreadPoolExecutor pool,
					@Qualifier("concreteScheduler") ScheduledThreadPoolExecutor scheduler) {
				this.pool = pool;
				this.scheduler = scheduler;
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
