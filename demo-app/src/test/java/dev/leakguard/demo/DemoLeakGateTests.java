package dev.leakguard.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.test.LeakAssertions;
import dev.leakguard.test.LeakOptions;
import dev.leakguard.test.VerifyNoLeaks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The demo's own tests behind leakguard's JUnit gate: each safe twin passes
 * {@code @VerifyNoLeaks} on a real server, and each leaky scenario fails the gate with
 * its call site, route and wait reason.
 */
@SpringBootTest(classes = DemoApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.name=ops", "spring.security.user.password=secret",
				"leakguard.request.deadline=2s" })
class DemoLeakGateTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private TaskRegistry tasks;

	@ParameterizedTest
	@ValueSource(strings = { "queue/safe", "worker/safe", "ticker/safe", "background/safe", "upstream/safe" })
	@VerifyNoLeaks(timeoutMillis = 5000)
	void safeTwinsLeaveNothingBehind(String scenario) throws Exception {
		assertThat(get(scenario).statusCode()).isIn(200, 504);
	}

	@Test
	void leakyScenariosFailTheGateWithTheirCallSite() {
		LeakOptions quick = LeakOptions.defaults().timeout(Duration.ofMillis(500));
		// the answer can arrive before the pool's thread begins the task: the gate is asked once it runs
		AssertionError queue = catchThrowableOfType(AssertionError.class,
				() -> LeakAssertions.assertNoLeaks(quick, this.tasks, () -> {
					get("queue/leaky");
					awaitRunning("LeakController.queueLeaky(");
				}));
		assertThat(queue).isNotNull();
		assertThat(queue.getMessage()).contains("[queue put]")
			.containsPattern("created by dev\\.leakguard\\.demo\\.LeakController\\.queueLeaky\\(LeakController\\.java:\\d+\\) on workers for GET /queue/leaky")
			.containsPattern("tasks still running:\\n\\t1 @ dev\\.leakguard\\.demo\\.LeakController\\.queueLeaky");
		AssertionError ticker = catchThrowableOfType(AssertionError.class,
				() -> LeakAssertions.assertNoLeaks(quick, this.tasks, () -> get("ticker/leaky")));
		assertThat(ticker).isNotNull();
		assertThat(ticker.getMessage()).contains("LeakController.tickerLeaky(").contains("(periodic, never cancelled)");
	}

	private void awaitRunning(String callSite) {
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.tasks.sites()
				.stream()
				.anyMatch((site) -> site.callSite().contains(callSite) && site.active() > 0));
	}

	private HttpResponse<String> get(String path) throws Exception {
		String credentials = Base64.getEncoder().encodeToString("ops:secret".getBytes(StandardCharsets.UTF_8));
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/" + path))
			.header("Authorization", "Basic " + credentials)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
