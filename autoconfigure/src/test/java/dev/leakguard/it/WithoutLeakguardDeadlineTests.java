package dev.leakguard.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The comparison: without leakguard, Boot sets no timeouts and the same calls hold
 * their request threads until the upstream lets go.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "leakguard.enabled=false", "spring.http.clients.imperative.factory=jdk" })
@Import(HangingUpstreamCalls.class)
class WithoutLeakguardDeadlineTests {

	@LocalServerPort
	private int port;

	@Test
	void callsStayStuckUntilTheUpstreamLetsGo() throws Exception {
		try (HangingUpstream upstream = new HangingUpstream(HangingUpstream.Mode.SILENT)) {
			HttpClient http = HttpClient.newHttpClient();
			URI uri = URI.create("http://127.0.0.1:" + this.port + "/call?upstream=" + upstream.url());
			List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				calls.add(http.sendAsync(HttpRequest.newBuilder(uri).header("X-Request-Deadline", "1500m").build(),
						HttpResponse.BodyHandlers.ofString()));
			}
			await().atMost(10, TimeUnit.SECONDS).until(() -> upstream.connections() == 20);
			Thread.sleep(HttpDeadlineTests.DEADLINE.toMillis() * 2);
			assertThat(HangingUpstreamCalls.stuckThreads()).isEqualTo(20);
			assertThat(calls).noneMatch(CompletableFuture::isDone);
		}
		await().atMost(10, TimeUnit.SECONDS)
			.untilAsserted(() -> assertThat(HangingUpstreamCalls.stuckStacks()).isEmpty());
	}

}
