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
 * With {@code leakguard.http.propagate-deadline-to} restricted, third-party hosts never
 * learn the deadline, and a spent deadline still fails the call to them fast.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "leakguard.http.propagate-deadline-to=*.internal.example")
@Import(PlainClients.class)
class DeadlineHostsRestrictedTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "restclient", "resttemplate", "webclient" })
	void headerIsKeptFromOtherHosts(String client) throws Exception {
		AtomicReference<String> received = new AtomicReference<>("unset");
		HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		upstream.createContext("/", (exchange) -> {
			received.set(String.valueOf(exchange.getRequestHeaders().getFirst(TimeoutHeader.REQUEST_DEADLINE)));
			byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		upstream.start();
		try {
			assertThat(call(client, "http://127.0.0.1:" + upstream.getAddress().getPort() + "/", "5S").statusCode())
				.isEqualTo(200);
			assertThat(received.get()).isEqualTo("null");
		}
		finally {
			upstream.stop(0);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "restclient", "webclient" })
	void spentDeadlineStillFailsFast(String client) throws Exception {
		try (HangingUpstream upstream = new HangingUpstream(HangingUpstream.Mode.SILENT)) {
			assertThat(call(client, upstream.url(), "0m").statusCode()).isEqualTo(504);
			assertThat(upstream.connections()).isZero();
		}
	}

	private HttpResponse<String> call(String client, String upstream, String deadline) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + this.port + "/plain?client=" + client + "&upstream=" + upstream);
		return this.http.send(HttpRequest.newBuilder(uri)
			.header(TimeoutHeader.REQUEST_DEADLINE, deadline)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
