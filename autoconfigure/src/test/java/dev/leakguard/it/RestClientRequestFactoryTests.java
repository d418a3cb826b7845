package dev.leakguard.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.leakguard.http.DeadlineRequestFactory;
import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.ScopeInternals;
import dev.leakguard.scope.TimeoutHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.BufferingClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RestClients from Boot's builder, and RestClient beans, keep the deadline in their
 * request factory: the request a call makes is leakguard's guarded one, not Spring's
 * intercepting request (which an interceptor would bring, with its copied headers and
 * buffered body), and it still sends the remaining deadline and the body, over a real
 * upstream on loopback, whether the factory is Boot's or one the app sets on the builder
 * afterwards, streaming or not.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.NONE)
@Import(PlainClients.class)
class RestClientRequestFactoryTests {

	private static HttpServer echo;

	@Autowired
	private RestClient.Builder builder;

	@Autowired
	@Qualifier("plainRestClient")
	private RestClient plainRestClient;

	@BeforeAll
	static void startEcho() throws IOException {
		echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		echo.createContext("/", (exchange) -> {
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = (new String(in.readAllBytes(), StandardCharsets.UTF_8) + "|"
						+ exchange.getRequestHeaders().getFirst(TimeoutHeader.REQUEST_DEADLINE))
					.getBytes(StandardCharsets.UTF_8);
			}
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		echo.start();
	}

	@AfterAll
	static void stopEcho() {
		echo.stop(0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "boot", "jdk", "reactor", "simple", "buffering" })
	void callsAreGuardedByTheRequestFactory(String factory) {
		RestClient.Builder builder = this.builder.clone();
		if (!factory.equals("boot")) {
			builder.requestFactory(factory(factory));
		}
		AtomicReference<ClientHttpRequest> made = new AtomicReference<>();
		String answer = post(builder.requestInitializer(made::set).build());
		assertThat(answer).matches("hello\\|\\d+m");
		assertThat(made.get().getClass().getEnclosingClass()).isEqualTo(DeadlineRequestFactory.class);
		if (!factory.equals("buffering")) { // a streaming factory's requests still stream
			assertThat(made.get()).isInstanceOf(StreamingHttpOutputMessage.class);
		}
	}

	@Test
	void aBuilderAppliedToSeesTheFactoryItSets() {
		AtomicReference<ClientHttpRequest> made = new AtomicReference<>();
		RestClient client = this.builder.clone()
			.apply((builder) -> builder.requestFactory(new SimpleClientHttpRequestFactory()))
			.requestInitializer(made::set)
			.build();
		assertThat(post(client)).matches("hello\\|\\d+m");
		assertThat(made.get().getClass().getEnclosingClass()).isEqualTo(DeadlineRequestFactory.class);
	}

	@Test
	void restClientBeansAreGuardedByTheirRequestFactory() {
		AtomicReference<ClientHttpRequest> made = new AtomicReference<>();
		RestClient client = this.plainRestClient.mutate().requestInitializer(made::set).build();
		assertThat(post(client)).matches("hello\\|\\d+m");
		assertThat(made.get().getClass().getEnclosingClass()).isEqualTo(DeadlineRequestFactory.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "boot", "reactor" })
	void callsAnsweredWithinATickLeaveTheirScopesDeadlineUnarmed(String factory) {
		RestClient.Builder builder = this.builder.clone();
		if (!factory.equals("boot")) {
			builder.requestFactory(factory(factory));
		}
		RestClient client = builder.build();
		int armed = 0;
		for (int i = 0; i < 200; i++) {
			try (RequestScope scope = RequestScope.open(Duration.ofSeconds(30))) {
				assertThat(post(client, scope)).matches("hello\\|\\d+m");
				if (ScopeInternals.armed(scope)) {
					armed++;
				}
			}
		}
		// only a call that a periodic sweep happens to find in flight listens, and arms the deadline
		assertThat(armed).isLessThan(50);
	}

	private static String post(RestClient client) {
		try (RequestScope scope = RequestScope.open(Duration.ofSeconds(30))) {
			return post(client, scope);
		}
	}

	private static String post(RestClient client, RequestScope scope) {
		return client.post()
			.uri("http://127.0.0.1:" + echo.getAddress().getPort() + "/")
			.body("hello")
			.retrieve()
			.body(String.class);
	}

	private static ClientHttpRequestFactory factory(String name) {
		return switch (name) {
			case "jdk" -> new JdkClientHttpRequestFactory();
			case "reactor" -> new ReactorClientHttpRequestFactory();
			case "simple" -> new SimpleClientHttpRequestFactory();
			default -> new BufferingClientHttpRequestFactory(new SimpleClientHttpRequestFactory());
		};
	}

}
