package dev.leakguard.it;

import java.time.Duration;

import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.executor.TrackingExecutorService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tasks started by requests on a real Tomcat are tracked at the handler's call site,
 * become orphans when the request ends, and are interrupted at their deadline.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=leaks,prometheus",
				"leakguard.request.deadline=1h", "spring.task.execution.mode=force",
				// the leaks here are left running on purpose: don't let stopping the cached
				// context wait 30s for them before the next test class starts
				"spring.lifecycle.timeout-per-shutdown-phase=1s" })
@AutoConfigureRestTestClient
@Import(LeakyTasks.class)
class TaskTrackingTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private TaskRegistry registry;

	@Autowired
	@Qualifier("workers")
	private java.util.concurrent.ExecutorService workers;

	@Test
	void userExecutorServiceBeanDeclaredByInterfaceIsWrapped() {
		assertThat(this.workers).isInstanceOf(TrackingExecutorService.class);
	}

	@Test
	void blockedSendShowsOneActiveOrphanPerRequestAtTheHandler() {
		for (int i = 0; i < 3; i++) {
			get("/leak/queue");
		}
		SiteTasks site = awaitSite("LeakyTasks$Handlers.queue(LeakyTasks.java:", "workers", 3);
		assertThat(site.orphaned()).isEqualTo(3);
		String prometheus = get("/actuator/prometheus");
		assertThat(prometheus).contains(
				"leakguard_tasks_active{call_site=\"dev.leakguard.it.LeakyTasks$Handlers.queue\",executor=\"workers\"} 3");
		assertThat(prometheus)
			.contains("leakguard_tasks_orphaned{call_site=\"dev.leakguard.it.LeakyTasks$Handlers.queue\"} 3");
		assertThat(prometheus).contains("leakguard_tasks_oldest_seconds{call_site=\"dev.leakguard.it.LeakyTasks$Handlers.queue\"}");
		assertThat(get("/actuator/leaks")).contains("\"executor\":\"workers\",\"route\":\"GET /leak/queue\",\"active\":3,\"orphaned\":3");
	}

	/**
	 * Meter tags name the method without its line, so a deploy that moves a line keeps the
	 * series: two call sites in one method are one series summing both, while the endpoint
	 * keeps them apart with their lines.
	 */
	@Test
	void callSiteTagsHaveNoLineNumbers() {
		get("/leak/twice");
		get("/leak/twice");
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(get("/actuator/prometheus")).contains(
				"leakguard_tasks_active{call_site=\"dev.leakguard.it.LeakyTasks$Handlers.twice\",executor=\"workers\"} 4",
				"leakguard_tasks_orphaned{call_site=\"dev.leakguard.it.LeakyTasks$Handlers.twice\"} 4",
				"leakguard_tasks_submitted_total{call_site=\"dev.leakguard.it.LeakyTasks$Handlers.twice\"} 4"));
		assertThat(get("/actuator/leaks")).containsPattern("Handlers.twice\\(LeakyTasks.java:\\d+\\)\",\"executor\":\"workers\",\"route\":\"GET /leak/twice\",\"active\":2")
			.containsPattern("(?s)Handlers.twice\\(LeakyTasks.java:(\\d+)\\).*Handlers.twice\\(LeakyTasks.java:(?!\\1)\\d+\\)");
	}

	@Test
	void workerLoopStartedOutsideARequestIsActiveButNotOrphaned() {
		SiteTasks loop = awaitSite("LeakyTasks.workerLoop(LeakyTasks.java:", "workers", 1);
		assertThat(loop.orphaned()).isZero();
	}

	@Test
	void asyncMethodsAreTrackedAtTheirCaller() {
		get("/leak/async");
		get("/leak/async");
		SiteTasks site = awaitSite("LeakyTasks$Handlers.async(LeakyTasks.java:", "applicationTaskExecutor", 2);
		assertThat(site.orphaned()).isEqualTo(2);
	}

	@Test
	void virtualThreadTasksAreTracked() {
		get("/leak/virtual");
		SiteTasks site = awaitSite("LeakyTasks$Handlers.virtual(LeakyTasks.java:", "virtualWorkers", 1);
		assertThat(site.orphaned()).isEqualTo(1);
	}

	@Test
	void perRequestTickerStaysActiveAfterTheRequest() {
		get("/leak/ticker");
		get("/leak/ticker");
		SiteTasks site = awaitSite("LeakyTasks$Handlers.ticker(LeakyTasks.java:", "tickers", 2);
		assertThat(site.orphaned()).isEqualTo(2);
		int ticks = LeakyTasks.TICKS.get();
		await().atMost(Duration.ofSeconds(5)).until(() -> LeakyTasks.TICKS.get() > ticks + 4);
	}

	@Test
	void inboundDeadlineHeaderInterruptsTheTaskWhenItPasses() {
		this.client.get().uri("/leak/virtual").header("X-Request-Deadline", "300m").exchange().expectStatus().isOk();
		SiteTasks site = awaitSite("LeakyTasks$Handlers.virtual(LeakyTasks.java:", "virtualWorkers", 0, 1);
		await().atMost(Duration.ofSeconds(5)).until(() -> site.deadlineExceeded() >= 1);
	}

	private SiteTasks awaitSite(String callSite, String executor, int active) {
		return awaitSite(callSite, executor, active, active);
	}

	private SiteTasks awaitSite(String callSite, String executor, int minActive, int maxActive) {
		return await().atMost(Duration.ofSeconds(10))
			.alias(callSite + " on " + executor + " in " + this.registry.sites()
				.stream()
				.map((site) -> site.callSite() + "@" + site.executor() + "=" + site.active())
				.toList())
			.until(() -> this.registry.sites()
				.stream()
				.filter((site) -> site.callSite().contains(callSite) && site.executor().equals(executor))
				.filter((site) -> site.active() >= minActive && site.active() <= maxActive)
				.findFirst()
				.orElse(null), (site) -> site != null);
	}

	private String get(String uri) {
		return this.client.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
			.getResponseBody();
	}

}
