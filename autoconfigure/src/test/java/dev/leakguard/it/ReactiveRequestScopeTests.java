package dev.leakguard.it;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.leakguard.scope.RequestScope;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebFlux application on a real Netty server: each exchange gets a scope in its Reactor
 * context, and WebClient calls made in it end at the inbound deadline with 504.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.main.web-application-type=reactive")
@Import({ ReactiveCalls.class, ReactiveRequestScopeTests.FirstFilter.class })
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
	void aWebFilterOrderedFirstRunsInTheScope() throws Exception {
		HttpResponse<String> response = get("/reactive/remaining", "5S");
		assertThat(response.headers().firstValue(FirstFilter.HEADER)).hasValue("present");
	}

	@Test
	void theScopeEndsWithTheExchange() throws Exception {
		ReactiveCalls.lastScope.set(null);
		assertThat(get("/reactive/held", "5S").body()).isEqualTo("held");
		RequestScope scope = ReactiveCalls.lastScope.get();
		assertThat(scope).isNotNull();
		await().atMost(Duration.ofSeconds(5)).until(scope::isEnded);
	}

	@Test
	void theScopeEndsWhenTheClientGoesAwayMidExchange() throws Exception {
		ReactiveCalls.lastScope.set(null);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write("GET /reactive/slow HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			await().atMost(Duration.ofSeconds(5)).until(() -> ReactiveCalls.lastScope.get() != null);
			assertThat(ReactiveCalls.lastScope.get().isEnded()).isFalse(); // the deadline is 30 s away
		}
		RequestScope scope = ReactiveCalls.lastScope.get();
		await().atMost(Duration.ofSeconds(5)).until(scope::isEnded);
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

	/** A filter ordered before all others, as Spring Security's is: says whether it saw a scope. */
	@Configuration(proxyBeanMethods = false)
	static class FirstFilter {

		static final String HEADER = "X-Test-Scope";

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		WebFilter scopeSeeingFilter() {
			return (exchange, chain) -> Mono.deferContextual((context) -> {
				exchange.getResponse()
					.getHeaders()
					.set(HEADER, context.hasKey(RequestScope.class) ? "present" : "absent");
				return chain.filter(exchange);
			});
		}

	}

}
