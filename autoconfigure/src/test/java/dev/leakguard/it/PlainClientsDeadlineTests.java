package dev.leakguard.it;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.leakguard.scope.TimeoutHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client beans built without Boot's builders still carry the request deadline: it goes
 * downstream as a header, a spent deadline fails fast without a call, and interruptible
 * clients stop at it.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(PlainClients.class)
class PlainClientsDeadlineTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "restclient", "resttemplate", "webclient" })
	void remainingDeadlineGoesDownstream(String client) throws Exception {
		AtomicReference<String> received = new AtomicReference<>();
		HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		upstream.createContext("/", (exchange) -> {
			received.set(exchange.getRequestHeaders().getFirst(TimeoutHeader.REQUEST_DEADLINE));
			byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		upstream.start();
		try {
			HttpResponse<String> response = call(client,
					"http://127.0.0.1:" + upstream.getAddress().getPort() + "/", "5S");
			assertThat(response.statusCode()).isEqualTo(200);
			Duration sent = TimeoutHeader.parse(received.get());
			assertThat(sent).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
		}
		finally {
			upstream.stop(0);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "restclient", "resttemplate", "webclient" })
	void spentDeadlineFailsFastWithoutCalling(String client) throws Exception {
		try (HangingUpstream upstream = new HangingUpstream(HangingUpstream.Mode.SILENT)) {
			HttpResponse<String> response = call(client, upstream.url(), "0m");
			assertThat(response.statusCode()).isEqualTo(504);
			assertThat(upstream.connections()).isZero();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "restclient", "webclient" })
	void interruptibleClientsStopAtTheDeadline(String client) throws Exception {
		try (HangingUpstream upstream = new HangingUpstream(HangingUpstream.Mode.SILENT)) {
			long start = System.nanoTime();
			HttpResponse<String> response = call(client, upstream.url(), "800m");
			assertThat(response.statusCode()).isEqualTo(504);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		}
	}

	private HttpResponse<String> call(String client, String upstream, String deadline) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + this.port + "/plain?client=" + client + "&upstream=" + upstream);
		return this.http.send(HttpRequest.newBuilder(uri).header(TimeoutHeader.REQUEST_DEADLINE, deadline)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
