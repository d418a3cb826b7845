package dev.leakguard.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * 200 concurrent requests into a handler that calls an upstream which never answers all
 * end with 504 by the request deadline, and every request thread is released, with each
 * request factory Boot can pick (one subclass each).
 */
abstract class HttpDeadlineTests {

	static final Duration DEADLINE = Duration.ofMillis(1500);

	static final int CONCURRENCY = 200;

	private static HangingUpstream silent;

	private static HangingUpstream drip;

	@LocalServerPort
	private int port;

	@Autowired
	private MeterRegistry meters;

	@BeforeAll
	static void startUpstreams() throws Exception {
		silent = new HangingUpstream(HangingUpstream.Mode.SILENT);
		drip = new HangingUpstream(HangingUpstream.Mode.DRIP);
	}

	@AfterAll
	static void stopUpstreams() throws Exception {
		silent.close();
		drip.close();
	}

	@ParameterizedTest(name = "{0} upstream via {1}")
	@CsvSource({ "silent, restclient", "silent, resttemplate", "silent, webclient" })
	void everyCallEndsByTheDeadlineAndReleasesItsThread(String mode, String client) throws Exception {
		check(mode, client);
	}

	@Test
	void tricklingUpstreamIsCutAtTheDeadline() throws Exception {
		assumeTrue(cutsTricklingUpstreams(), "this client's socket timeout restarts with every byte");
		check("drip", "restclient");
	}

	/**
	 * Whether this client stops a call to an upstream that sends a byte a second.
	 * @return {@code true} unless the client cannot be stopped mid-read
	 */
	boolean cutsTricklingUpstreams() {
		return true;
	}

	final void check(String mode, String client) throws Exception {
		String upstream = mode.equals("drip") ? drip.url() : silent.url();
		double before = deadlineExceeded(client);
		List<Long> releaseMillis = load(client, upstream);
		assertThat(releaseMillis).hasSize(CONCURRENCY);
		// every request answered within the deadline plus a margin for 200 threads on 2 cores
		assertThat(releaseMillis).allMatch((millis) -> millis < 3000, "released within 3s after the deadline");
		await().atMost(5, TimeUnit.SECONDS)
			.untilAsserted(() -> assertThat(HangingUpstreamCalls.stuckStacks()).isEmpty());
		assertThat(deadlineExceeded(client) - before).isEqualTo(CONCURRENCY);
		releaseMillis.sort(null);
		System.out.printf("leakguard: %s %s %s upstream: deadline-to-release p50=%dms p99=%dms max=%dms%n",
				getClass().getSimpleName(), client, mode, releaseMillis.get(CONCURRENCY / 2),
				releaseMillis.get(CONCURRENCY * 99 / 100), releaseMillis.get(CONCURRENCY - 1));
	}

	/**
	 * Sends the requests at once and returns, for each, the time from its deadline to its
	 * 504 answer.
	 */
	private List<Long> load(String client, String upstream) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		URI uri = URI.create("http://127.0.0.1:" + this.port + "/call?client=" + client + "&upstream=" + upstream);
		List<CompletableFuture<Long>> responses = new ArrayList<>();
		for (int i = 0; i < CONCURRENCY; i++) {
			long start = System.nanoTime();
			HttpRequest request = HttpRequest.newBuilder(uri)
				.header("X-Request-Deadline", DEADLINE.toMillis() + "m")
				.timeout(Duration.ofSeconds(30))
				.build();
			responses.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply((response) -> {
				assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
				return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) - DEADLINE.toMillis();
			}));
		}
		List<Long> release = new ArrayList<>();
		for (CompletableFuture<Long> response : responses) {
			release.add(response.get(30, TimeUnit.SECONDS));
		}
		return release;
	}

	private double deadlineExceeded(String client) {
		var counter = this.meters.find("leakguard.http.client.deadline.exceeded").tag("client", client).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
