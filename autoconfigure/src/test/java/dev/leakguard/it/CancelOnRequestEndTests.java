package dev.leakguard.it;

import java.time.Duration;

import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code leakguard.tasks.on-request-end=cancel}, work a request leaves behind is
 * interrupted when it ends: the same leaks as {@link TaskTrackingTests} drain to zero.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "leakguard.tasks.on-request-end=cancel", "leakguard.request.deadline=1h",
				"spring.task.execution.mode=force" })
@AutoConfigureRestTestClient
@Import(LeakyTasks.class)
class CancelOnRequestEndTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private TaskRegistry registry;

	@Test
	void leftoverTasksAreInterruptedWhenTheRequestEnds() {
		for (String leak : new String[] { "queue", "virtual", "async", "ticker" }) {
			for (int i = 0; i < 3; i++) {
				this.client.get().uri("/leak/" + leak).exchange().expectStatus().isOk();
			}
		}
		for (String handler : new String[] { "queue", "virtual", "async", "ticker" }) {
			SiteTasks site = await().atMost(Duration.ofSeconds(10)).until(() -> site(handler), (s) -> s != null);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(site.active()).as(handler + " active").isZero();
				assertThat(site.cancelled()).as(handler + " cancelled").isEqualTo(3);
				assertThat(site.submitted()).as(handler + " submitted").isEqualTo(3);
			});
		}
	}

	private SiteTasks site(String handler) {
		return this.registry.sites()
			.stream()
			.filter((site) -> site.callSite().contains("LeakyTasks$Handlers." + handler + "("))
			.findFirst()
			.orElse(null);
	}

}
