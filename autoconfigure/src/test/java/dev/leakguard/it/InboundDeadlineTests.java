package dev.leakguard.it;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A deadline that is already spent when the request arrives fails the work it starts with
 * 504, wherever the failure surfaces: here a task that is never started, waited on
 * through {@code Future.get()} (an {@code ExecutionException}) or {@code join()} (a
 * {@code CompletionException}).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.task.execution.mode=force")
@AutoConfigureRestTestClient
@Import(InboundDeadlineTests.Handler.class)
class InboundDeadlineTests {


	@Autowired
	private RestTestClient client;

	@ParameterizedTest
	@CsvSource({ "X-Request-Deadline, 0", "X-Request-Deadline, 0m", "grpc-timeout, 0n" })
	void spentInboundDeadlineAnswers504WhenATaskIsWaitedOn(String header, String value) {
		this.client.get().uri("/wait/get").header(header, value).exchange().expectStatus().isEqualTo(504);
		this.client.get().uri("/wait/join").header(header, value).exchange().expectStatus().isEqualTo(504);
		this.client.get().uri("/wait/get").exchange().expectStatus().isOk();
	}

	/**
	 * A deadline that passes while the task waits in the queue: its {@code FutureTask} is
	 * cancelled, never left hanging, and the request answers 504.
	 */
	@Test
	void deadlinePassingBeforeTheTaskStartsAnswers504() {
		this.client.get().uri("/wait/get").header("grpc-timeout", "1n").exchange().expectStatus().isEqualTo(504);
	}

	/** A running task interrupted at the deadline: its failure reaches the handler, which answers 504. */
	@Test
	void deadlinePassingWhileTheTaskRunsAnswers504() {
		this.client.get().uri("/wait/slow").header("X-Request-Deadline", "300m").exchange().expectStatus()
			.isEqualTo(504);
	}

	@RestController
	static class Handler {

		private final AsyncTaskExecutor executor;

		Handler(AsyncTaskExecutor applicationTaskExecutor) {
			this.executor = applicationTaskExecutor;
		}

		@GetMapping("/wait/get")
		String get() throws Exception {
			return this.executor.submit(() -> "done").get();
		}

		@GetMapping("/wait/slow")
		String slow() throws Exception {
			return this.executor.submit(() -> {
				Thread.sleep(10_000);
				return "done";
			}).get();
		}

		@GetMapping("/wait/join")
		String join() {
			return CompletableFuture.supplyAsync(() -> "done", this.executor).join();
		}

	}

}
