package dev.leakguard.it;

import java.time.Duration;

import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code spring.threads.virtual.enabled=true}, Boot's {@code applicationTaskExecutor}
 * starts a virtual thread per task; {@code @Async} work on it is tracked at its caller
 * and shows in the stack groups as virtual threads.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.threads.virtual.enabled=true", "spring.task.execution.mode=force",
				"leakguard.request.deadline=1h", "management.endpoints.web.exposure.include=leaks",
				"spring.lifecycle.timeout-per-shutdown-phase=1s" })
@AutoConfigureRestTestClient
@Import(LeakyTasks.class)
class VirtualThreadExecutorTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private TaskRegistry registry;

	@Autowired
	private TaskExecutor applicationTaskExecutor;

	@Test
	void asyncOnVirtualThreadsIsTrackedAndShownAsVirtual() {
		assertThat(this.applicationTaskExecutor).isInstanceOf(SimpleAsyncTaskExecutor.class);
		for (int i = 0; i < 4; i++) {
			this.client.get().uri("/leak/async").exchange().expectStatus().isOk();
		}
		SiteTasks site = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.sites()
				.stream()
				.filter((s) -> s.callSite().contains("LeakyTasks$Handlers.async(") && s.active() == 4)
				.findFirst()
				.orElse(null), (s) -> s != null);
		assertThat(site.executor()).isEqualTo("applicationTaskExecutor");
		assertThat(site.orphaned()).isEqualTo(4);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String body = this.client.get().uri("/actuator/leaks?depth=64").exchange().expectBody(String.class)
				.returnResult().getResponseBody();
			JsonNode sender = JsonMapper.builder().build().readTree(body).path("groups").valueStream()
				.filter((g) -> g.path("frames").toString().contains("LeakyTasks$AsyncSender.send(")
						&& g.path("virtual").asBoolean())
				.findFirst()
				.orElseThrow(() -> new AssertionError("no virtual group with AsyncSender.send in " + body));
			assertThat(sender.path("count").asInt()).isEqualTo(4);
			assertThat(sender.path("threadNames")).hasSize(4);
		});
	}

}
