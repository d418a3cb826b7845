package dev.leakguard.test;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * {@code @VerifyNoLeaks} run by the real JUnit engine on fixture classes: the test that
 * leaks fails with the leak, blamed on it and not on the tests around it; its safe
 * neighbours pass; in a Spring Boot test on a real server, a task left by a request is
 * reported at its call site with its route.
 */
class VerifyNoLeaksTests {

	@Test
	void theLeakingTestFailsAndOnlyIt() {
		Events tests = EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(PlainFixture.class))
			.execute()
			.testEvents();
		printFailures(tests);
		tests.assertStatistics((stats) -> stats.started(3).succeeded(2).failed(1));
		tests.assertThatEvents()
			.haveExactly(1, event(test("leaks"), finishedWithFailure(instanceOf(AssertionError.class),
					message((text) -> text.startsWith("PlainFixture.leaks() leaked 1 thread and 0 tasks")
							&& text.contains("[queue put]") && text.contains("PlainFixture.lambda$leaks$"))))
			)
			.haveExactly(1, event(test("cleanBefore"), finishedSuccessfully()))
			.haveExactly(1, event(test("cleanAfter"), finishedSuccessfully()));
		PlainFixture.release();
	}

	@Test
	void aSpringBootTestReportsTheTaskARequestLeftWithItsCallSite() {
		Events tests = EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(SpringFixture.class))
			.execute()
			.testEvents();
		printFailures(tests);
		tests.assertStatistics((stats) -> stats.started(2).succeeded(1).failed(1));
		String message = tests.failed().stream().findFirst().orElseThrow().getRequiredPayload(
				TestExecutionResult.class).getThrowable().orElseThrow().getMessage();
		assertThat(message).startsWith("SpringFixture.requestLeavesATask() leaked 1 thread and 1 task")
			.containsPattern("created by dev\\.leakguard\\.test\\.VerifyNoLeaksTests\\$SpringFixture\\$Handler\\.leak\\(VerifyNoLeaksTests\\.java:\\d+\\) on fixtureWorkers for GET /fixture/leak")
			.containsPattern("tasks still running:\\n\\t1 @ dev\\.leakguard\\.test\\.VerifyNoLeaksTests\\$SpringFixture\\$Handler\\.leak\\(VerifyNoLeaksTests\\.java:\\d+\\) on fixtureWorkers for GET /fixture/leak");
		SpringFixture.release();
	}

	/** Shows what a fixture's failures said, when the counts are not what this test expects. */
	private static void printFailures(Events tests) {
		tests.failed()
			.stream()
			.forEach((failed) -> System.out.println("Fixture failure: " + failed
				.getRequiredPayload(TestExecutionResult.class)
				.getThrowable()
				.map(Throwable::getMessage)
				.orElse("")));
	}

	@VerifyNoLeaks(timeoutMillis = 300)
	static class PlainFixture {

		static final BlockingQueue<String> FULL = new ArrayBlockingQueue<>(1, false, List.of("full"));

		static void release() {
			FULL.clear();
		}

		@Test
		void cleanBefore() throws InterruptedException {
			Thread thread = Thread.ofPlatform().start(() -> { });
			thread.join();
		}

		@Test
		void leaks() {
			Thread.ofPlatform().daemon().start(() -> {
				try {
					FULL.put("more");
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}

		@Test
		void cleanAfter() {
			Thread.ofVirtual().start(() -> { });
		}

	}

	@SpringBootTest(classes = SpringFixture.App.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	@AutoConfigureRestTestClient
	@VerifyNoLeaks(timeoutMillis = 500)
	static class SpringFixture {

		static final BlockingQueue<String> FULL = new ArrayBlockingQueue<>(1, false, List.of("full"));

		static void release() {
			FULL.clear();
		}

		@Autowired
		private RestTestClient client;

		@Test
		void requestLeavesATask() {
			this.client.get().uri("/fixture/leak").exchange().expectStatus().isOk();
		}

		@Test
		void requestEndsCleanly() {
			this.client.get().uri("/fixture/safe").exchange().expectStatus().isOk();
		}

		@SpringBootConfiguration
		@EnableAutoConfiguration
		static class App {

			@Bean(destroyMethod = "shutdownNow")
			ExecutorService fixtureWorkers() {
				return Executors.newCachedThreadPool();
			}

			@Bean
			Handler handler(@Qualifier("fixtureWorkers") ExecutorService workers) {
				return new Handler(workers);
			}

		}

		@RestController
		static class Handler {

			private final ExecutorService workers;

			Handler(ExecutorService workers) {
				this.workers = workers;
			}

			@GetMapping("/fixture/leak")
			String leak() {
				this.workers.submit(() -> {
					FULL.put("more");
					return null;
				});
				return "left a task";
			}

			@GetMapping("/fixture/safe")
			String safe() throws Exception {
				return this.workers.submit(() -> "done").get();
			}

		}

	}

}
