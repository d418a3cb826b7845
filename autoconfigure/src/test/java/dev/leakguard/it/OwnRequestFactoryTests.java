package dev.leakguard.it;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue 16, item 6: a client built from Boot's builder with a request factory of the
 * app's own, which has no timeouts, called outside any request (a scheduled job, a
 * startup call), is still bounded by leakguard's connect + read timeout (1 s + 1 s here)
 * instead of hanging on an upstream that never answers.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.NONE,
		properties = { "leakguard.http.connect-timeout=1s", "leakguard.http.read-timeout=1s" })
class OwnRequestFactoryTests {

	/** Far above the 1 s + 1 s bound, far below forever. */
	private static final long GIVE_UP_SECONDS = 8;

	private static HangingUpstream upstream;

	@Autowired
	private RestClient.Builder restClientBuilder;

	@Autowired
	private RestTemplateBuilder restTemplateBuilder;

	@Autowired
	private WebClient.Builder webClientBuilder;

	@BeforeAll
	static void startUpstream() throws Exception {
		upstream = new HangingUpstream(HangingUpstream.Mode.SILENT);
	}

	@AfterAll
	static void stopUpstream() throws Exception {
		upstream.close();
	}

	/**
	 * Apache's classic client and {@code HttpURLConnection} do not wake from a socket read
	 * on a platform thread's interrupt, and a factory the app builds itself is out of
	 * leakguard's reach: those two are bounded on virtual threads only (README, limits).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "jdk", "reactor" })
	void restClientOnAPlatformThread(String factory) throws Exception {
		RestClient client = this.restClientBuilder.clone().requestFactory(factory(factory)).build();
		assertBounded(() -> client.get().uri(upstream.url()).retrieve().body(String.class), false);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "reactor", "apache", "simple" })
	void restClientOnAVirtualThread(String factory) throws Exception {
		RestClient client = this.restClientBuilder.clone().requestFactory(factory(factory)).build();
		assertBounded(() -> client.get().uri(upstream.url()).retrieve().body(String.class), true);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdk", "reactor" })
	void restTemplate(String factory) throws Exception {
		RestTemplate template = this.restTemplateBuilder.build();
		template.setRequestFactory(factory(factory));
		assertBounded(() -> template.getForObject(upstream.url(), String.class), false);
	}

	@Test
	void webClientWithItsOwnConnector() throws Exception {
		WebClient client = this.webClientBuilder.clone().clientConnector(new ReactorClientHttpConnector()).build();
		assertBounded(() -> client.get().uri(upstream.url()).retrieve().bodyToMono(String.class).block(), false);
	}

	private static void assertBounded(Supplier<String> call, boolean virtual) throws Exception {
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		Runnable caller = () -> failure.complete(catchThrowable(call::get));
		Thread thread = virtual ? Thread.ofVirtual().start(caller) : Thread.ofPlatform().daemon().start(caller);
		long start = System.nanoTime();
		try {
			Throwable thrown = failure.get(GIVE_UP_SECONDS, TimeUnit.SECONDS);
			assertThat(thrown).as("the call to an upstream that never answers must fail").isNotNull();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			thread.interrupt();
		}
	}

	private static ClientHttpRequestFactory factory(String name) {
		return switch (name) {
			case "jdk" -> new JdkClientHttpRequestFactory();
			case "reactor" -> new ReactorClientHttpRequestFactory();
			case "apache" -> new HttpComponentsClientHttpRequestFactory();
			default -> new SimpleClientHttpRequestFactory();
		};
	}

}
