package dev.leakguard.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.leakguard.autoconfigure.LeakguardHttpClientAutoConfiguration;
import dev.leakguard.scope.RequestScope;
import io.netty.channel.Channel;
import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.client.ReactorClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Reactor Netty's response timeout (Boot's read timeout), kept by leakguard per
 * connection for the RestClient factory and the WebClient connector Boot builds: no
 * timeout handler added to the pipeline per call, the same meaning (the longest wait
 * between reads, so a slow but steady answer lives on) and the same failure, Netty's
 * {@link ReadTimeoutException}. Real upstreams on loopback: silent, stalling after its
 * headers, and answering in a chunk every 200 ms for twice the timeout.
 */
class ReactorResponseTimeoutTests {

	private static final Duration READ_TIMEOUT = Duration.ofMillis(600);

	private static final int CHUNKS = 6;

	private static HangingUpstream silent;

	private static HangingUpstream stalled;

	private static HttpServer steady;

	private static ExecutorService steadyWorkers;

	private static final List<List<String>> pipelinesAtResponse = new CopyOnWriteArrayList<>();

	private static final List<Channel> channelsAtResponse = new CopyOnWriteArrayList<>();

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() throws IOException {
		context = new SpringApplicationBuilder(Clients.class).web(WebApplicationType.NONE)
			.properties("spring.http.clients.imperative.factory=reactor", "spring.http.clients.reactive.connector=reactor",
					"leakguard.http.read-timeout=" + READ_TIMEOUT.toMillis() + "ms")
			.run();
		silent = new HangingUpstream(HangingUpstream.Mode.SILENT);
		stalled = new HangingUpstream(HangingUpstream.Mode.STALLED_BODY);
		steady = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		steady.createContext("/", (exchange) -> {
			exchange.sendResponseHeaders(200, 0); // chunked
			try (OutputStream out = exchange.getResponseBody()) {
				for (int i = 0; i < CHUNKS; i++) {
					Thread.sleep(200);
					out.write(("chunk" + i + ";").getBytes(StandardCharsets.US_ASCII));
					out.flush();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		steady.createContext("/quick", ReactorResponseTimeoutTests::answerQuick);
		steadyWorkers = Executors.newCachedThreadPool();
		steady.setExecutor(steadyWorkers);
		steady.start();
	}

	@AfterAll
	static void stop() throws Exception {
		context.close();
		silent.close();
		stalled.close();
		steady.stop(0);
		steadyWorkers.shutdownNow();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "restclient", "webclient" })
	void noTimeoutHandlerIsAddedPerCall(String client) {
		pipelinesAtResponse.clear();
		assertThat(call(client, steadyUrl())).startsWith("chunk0;");
		assertThat(pipelinesAtResponse).isNotEmpty()
			.allSatisfy((names) -> assertThat(names).doesNotContain(NettyPipeline.ResponseTimeoutHandler));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "restclient", "webclient" })
	void aSlowButSteadyAnswerOutlivesTheTimeout(String client) {
		long start = System.nanoTime();
		String body = call(client, steadyUrl());
		assertThat(body).isEqualTo("chunk0;chunk1;chunk2;chunk3;chunk4;chunk5;");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(READ_TIMEOUT.multipliedBy(2));
	}

	@ParameterizedTest(name = "{0} upstream via {1}, in a request: {2}")
	@CsvSource({ "silent, restclient, false", "silent, restclient, true", "silent, webclient, false",
			"stalled, restclient, false", "stalled, restclient, true", "stalled, webclient, false" })
	void aCallWaitingLongerThanTheTimeoutFailsWithNettysReadTimeout(String mode, String client, boolean inRequest) {
		String upstream = mode.equals("silent") ? silent.url() : stalled.url();
		long start = System.nanoTime();
		Throwable failure;
		// a request deadline far beyond the read timeout: the timeout, not the deadline, ends the call
		try (RequestScope scope = inRequest ? RequestScope.open(Duration.ofSeconds(30)) : null) {
			failure = catchThrowable(() -> call(client, upstream));
		}
		long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
		assertThat(failure).isNotNull();
		assertThat(causes(failure)).as("causes of %s", failure).hasAtLeastOneElementOfType(ReadTimeoutException.class);
		assertThat(millis).isBetween(READ_TIMEOUT.toMillis() - 50, READ_TIMEOUT.toMillis() + 1500);
		assertThat(Thread.interrupted()).as("interrupt left on the thread").isFalse();
		// the connection that timed out is closed; the next call gets a sound one
		assertThat(call(client, steadyUrl() + "quick")).isEqualTo("quick");
	}

	/**
	 * A connection's check lapses while it idles in the pool, longer than the timeout: the
	 * connection stays open, and the next call (on it, where the pool hands it out again) is
	 * timed anew. An upstream of its own, so the pool holds one connection to it.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "restclient", "webclient" })
	void aConnectionIdleLongerThanTheTimeoutStaysOpenAndTimesItsNextCall(String client) throws Exception {
		HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
		upstream.createContext("/quick", ReactorResponseTimeoutTests::answerQuick);
		upstream.createContext("/stall", (exchange) -> {
			exchange.sendResponseHeaders(200, 0); // chunked, then nothing for longer than the timeout
			try (OutputStream out = exchange.getResponseBody()) {
				out.write("stall;".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				Thread.sleep(READ_TIMEOUT.multipliedBy(5).toMillis());
			}
			catch (InterruptedException | IOException ex) {
				// the client hung up, as it should
			}
		});
		ExecutorService workers = Executors.newCachedThreadPool();
		upstream.setExecutor(workers);
		upstream.start();
		try {
			String url = "http://127.0.0.1:" + upstream.getAddress().getPort();
			channelsAtResponse.clear();
			assertThat(call(client, url + "/quick")).isEqualTo("quick");
			Thread.sleep(READ_TIMEOUT.multipliedBy(2).toMillis());
			assertThat(channelsAtResponse).hasSize(1);
			assertThat(channelsAtResponse.get(0).isActive()).as("the idle connection is open").isTrue();
			long start = System.nanoTime();
			Throwable failure = catchThrowable(() -> call(client, url + "/stall"));
			long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
			assertThat(causes(failure)).as("causes of %s", failure)
				.hasAtLeastOneElementOfType(ReadTimeoutException.class);
			assertThat(millis).isBetween(READ_TIMEOUT.toMillis() - 50, READ_TIMEOUT.toMillis() + 1500);
		}
		finally {
			upstream.stop(0);
			workers.shutdownNow();
		}
	}

	private static void answerQuick(HttpExchange exchange) throws IOException {
		byte[] body = "quick".getBytes(StandardCharsets.US_ASCII);
		exchange.sendResponseHeaders(200, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static String call(String client, String url) {
		if (client.equals("webclient")) {
			return context.getBean(WebClient.Builder.class)
				.build()
				.get()
				.uri(url)
				.retrieve()
				.bodyToMono(String.class)
				.block(Duration.ofSeconds(20));
		}
		return context.getBean(RestClient.Builder.class).build().get().uri(url).retrieve().body(String.class);
	}

	private static String steadyUrl() {
		return "http://127.0.0.1:" + steady.getAddress().getPort() + "/";
	}

	/**
	 * Boot's HTTP clients and leakguard's, each client's pipeline noted as its answer
	 * arrives.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
			RestClientAutoConfiguration.class, ReactiveHttpClientAutoConfiguration.class,
			WebClientAutoConfiguration.class, LeakguardHttpClientAutoConfiguration.class })
	static class Clients {

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<ReactorClientHttpRequestFactoryBuilder> pipelineAtResponse() {
			return (builder) -> builder.withHttpClientCustomizer(Clients::notePipelineAtResponse);
		}

		@Bean
		ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> connectorPipelineAtResponse() {
			return (builder) -> builder.withHttpClientCustomizer(Clients::notePipelineAtResponse);
		}

		private static HttpClient notePipelineAtResponse(HttpClient client) {
			return client.doOnResponse((response, connection) -> {
				pipelinesAtResponse.add(connection.channel().pipeline().names());
				channelsAtResponse.add(connection.channel());
			});
		}

	}

	private static List<Throwable> causes(Throwable ex) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

}
