package dev.leakguard.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;

import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12: a periodic task on Spring's {@code TaskScheduler} counts as active from
 * scheduling to cancel, like one on a {@code ScheduledExecutorService} bean, not only
 * while one of its runs is running: a ticker a request started and nobody stops is one
 * active, orphaned task, between runs too.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "leakguard.baseline.sample-interval=100ms")
@AutoConfigureRestTestClient
@Import(TaskSchedulerTrackingTests.Tickers.class)
class TaskSchedulerTrackingTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private TaskRegistry registry;

	@Test
	void aTickerNobodyStopsIsActiveAndOrphanedBetweenRuns() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			this.client.get().uri("/ticker/scheduler").exchange().expectStatus().isOk();
		}
		// the answer can reach the client before the request's filter ended its scope
		await().atMost(Duration.ofSeconds(2)).until(() -> site("Handlers.tickerLeaky(").orphaned() == 3);
		for (int check = 0; check < 5; check++) {
			SiteTasks site = site("Handlers.tickerLeaky(");
			List<String> sites = this.registry.sites().stream().map((s) -> s.callSite() + "=" + s.active()).toList();
			assertThat(site.active()).as("check %s in %s", check, sites).isEqualTo(3);
			assertThat(site.orphaned()).isEqualTo(3);
			Thread.sleep(70);
		}
	}

	@Test
	void aCancelledTickerIsNoLongerActive() {
		this.client.get().uri("/ticker/scheduler/safe").exchange().expectStatus().isOk();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(site("Handlers.tickerSafe(").active()).isZero());
		assertThat(site("Handlers.tickerSafe(").submitted()).isEqualTo(1);
	}

	private SiteTasks site(String callSite) {
		return Sites.site(this.registry, callSite, "springTickers");
	}

	@Configuration(proxyBeanMethods = false)
	static class Tickers {

		@Bean
		ThreadPoolTaskScheduler springTickers() {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setPoolSize(2);
			scheduler.setThreadNamePrefix("spring-ticker-");
			return scheduler;
		}

		@RestController
		static class Handlers {

			static final AtomicInteger TICKS = new AtomicInteger();

			private final ThreadPoolTaskScheduler scheduler;

			Handlers(@Qualifier("springTickers") ThreadPoolTaskScheduler scheduler) {
				this.scheduler = scheduler;
			}

			@GetMapping("/ticker/scheduler")
			String tickerLeaky() {
				this.scheduler.scheduleAtFixedRate(TICKS::incrementAndGet, Duration.ofMillis(50));
				return "ticking";
			}

			@GetMapping("/ticker/scheduler/safe")
			String tickerSafe() throws InterruptedException {
				ScheduledFuture<?> ticker = this.scheduler.scheduleAtFixedRate(TICKS::incrementAndGet,
						Duration.ofMillis(20));
				Thread.sleep(100);
				ticker.cancel(false);
				return "ticked, then stopped";
			}

		}

	}

}
