package dev.leakguard.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.leakguard.support.ClassHistogram;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing leakguard allocates for a request outlives it: 20,000 requests, each of which
 * runs a task (so its scope arms a deadline timer), leave no scopes and no timer entries
 * behind once they are answered, although their 30s deadline is still far away: a timer
 * slot keeps only a few emptied entries until it fires.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "leakguard.request.deadline=30s", "spring.task.execution.mode=force" })
@Import(RequestLifetimeTests.Handler.class)
class RequestLifetimeTests {

	private static final int REQUESTS = 20_000;

	@LocalServerPort
	private int port;

	@Test
	void scopesAndDeadlineTimersEndWithTheirRequests() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		URI uri = URI.create("http://127.0.0.1:" + this.port + "/task");
		AtomicInteger ok = new AtomicInteger();
		try (ExecutorService callers = Executors.newFixedThreadPool(8)) {
			List<Future<?>> done = new ArrayList<>();
			for (int c = 0; c < 8; c++) {
				done.add(callers.submit(() -> {
					for (int i = 0; i < REQUESTS / 8; i++) {
						HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(),
								HttpResponse.BodyHandlers.ofString());
						if (response.statusCode() == 200) {
							ok.incrementAndGet();
						}
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
		}
		assertThat(ok).hasValue(REQUESTS);
		await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			ClassHistogram histogram = ClassHistogram.take();
			assertThat(histogram.instances("dev.leakguard.scope.RequestScope")).isLessThan(1000);
			assertThat(histogram.instances("java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask"))
				.isLessThan(1000);
			// the deadline slots' and the call site's entries, live and left empty
			assertThat(histogram.instances("dev.leakguard.scope.ConcurrentBag$Node")).isLessThan(1000);
		});
	}

	@RestController
	static class Handler {

		private final AsyncTaskExecutor executor;

		Handler(AsyncTaskExecutor applicationTaskExecutor) {
			this.executor = applicationTaskExecutor;
		}

		@GetMapping("/task")
		String task() throws Exception {
			return this.executor.submit(() -> "done").get();
		}

	}

}
