package dev.leakguard.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import dev.leakguard.autoconfigure.LeakguardHttpClientAutoConfiguration;
import dev.leakguard.http.ReadTimeoutRequestFactory;
import dev.leakguard.scope.RequestScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JDK request factory's read timeout, kept by leakguard's timer instead of Spring's
 * (which fills in three stack traces per call): the same bound, from sending until the
 * response is closed, failing the same way, and never an interrupt after the call.
 */
class JdkReadTimeoutTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

	private static HangingUpstream silent;

	private static HangingUpstream stalled;

	private static HttpServer answering;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
				LeakguardHttpClientAutoConfiguration.class))
		.withPropertyValues("spring.http.clients.imperative.factory=jdk",
				"leakguard.http.read-timeout=" + READ_TIMEOUT.toMillis() + "ms");

	@BeforeAll
	static void startUpstreams() throws IOException {
		silent = new HangingUpstream(HangingUpstream.Mode.SILENT);
		stalled = new HangingUpstream(HangingUpstream.Mode.STALLED_BODY);
		answering = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		answering.createContext("/", (exchange) -> {
			byte[] body = "whole answer".getBytes(StandardCharsets.US_ASCII);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		answering.start();
	}

	@AfterAll
	static void stopUpstreams() throws Exception {
		silent.close();
		stalled.close();
		answering.stop(0);
	}

	@Test
	void jdkFactoryKeepsNoTimeoutOfSpringsOwn() {
		this.runner.run((context) -> {
			ClientHttpRequestFactory factory = context.getBean(ClientHttpRequestFactoryBuilder.class)
				.build(context.getBean(HttpClientSettings.class));
			assertThat(factory).isInstanceOf(ReadTimeoutRequestFactory.class);
		});
	}

	@ParameterizedTest(name = "{0} upstream, in a request: {1}")
	@CsvSource({ "silent, false", "silent, true", "stalled, false", "stalled, true" })
	void callOutlivingTheReadTimeoutFailsAsATimeout(String mode, boolean inRequest) {
		String upstream = mode.equals("silent") ? silent.url() : stalled.url();
		this.runner.run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			long start = System.nanoTime();
			// a request deadline far beyond the read timeout: the timeout, not the deadline, ends the call
			try (RequestScope scope = inRequest ? RequestScope.open(Duration.ofSeconds(30)) : null) {
				// Spring's own wording: an I/O error while waiting, an extraction error while reading
				assertThatExceptionOfType(RestClientException.class)
					.isThrownBy(() -> client.get().uri(upstream).retrieve().body(String.class))
					.satisfies((ex) -> assertThat(causes(ex)).hasAtLeastOneElementOfType(HttpTimeoutException.class));
			}
			long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
			assertThat(millis).isBetween(READ_TIMEOUT.toMillis() - 50, READ_TIMEOUT.toMillis() + 1500);
			assertThat(Thread.interrupted()).as("interrupt left on the thread").isFalse();
		});
	}

	@Test
	void answeredCallLeavesNoInterruptBehind() {
		this.runner.run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			String url = "http://127.0.0.1:" + answering.getAddress().getPort() + "/";
			assertThat(client.get().uri(url).retrieve().body(String.class)).isEqualTo("whole answer");
			// a response held open past the timeout is closed, its thread left alone
			try (var response = client.get().uri(url).exchange((request, answer) -> answer, false)) {
				Thread.sleep(READ_TIMEOUT.toMillis() + 300);
				assertThat(Thread.interrupted()).isFalse();
			}
			Thread.sleep(300);
			assertThat(Thread.interrupted()).isFalse();
		});
	}

	private static List<Throwable> causes(Throwable ex) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

}
