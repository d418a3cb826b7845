package dev.leakguard.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A WebFlux application on a real Netty server: each exchange gets a scope in its Reactor
 * context, and WebClient calls made in it end at the inbound deadline with 504.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=reactive")
@Import(ReactiveCalls.class)
class ReactiveRequestScopeTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void exchangeCarriesTheInboundDeadline() throws Exception {
		HttpResponse<String> response = get("/reactive/remaining", "5S");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(Long.parseLong(response.body())).isBetween(3000L, 5000L);
	}

	@Test
	void webClientCallEndsWithGatewayTimeoutAtTheDeadline() throws Exception {
		try (HangingUpstream upstream = new HangingUpstream(HangingUpstream.Mode.SILENT)) {
			long start = System.nanoTime();
			HttpResponse<String> response = get("/reactive/call?upstream=" + upstream.url(), "800m");
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
			assertThat(took).isBetween(Duration.ofMillis(700), Duration.ofSeconds(3));
		}
	}

	private HttpResponse<String> get(String path, String deadline) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("X-Request-Deadline", deadline)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
