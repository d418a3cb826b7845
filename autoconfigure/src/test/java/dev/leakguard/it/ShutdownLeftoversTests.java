package dev.leakguard.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leaked tasks do not hold the application's shutdown: at close leakguard reports them in
 * one warning, by call site with a stack, and interrupts them, instead of the executor
 * waiting for them until Spring's 30s phase timeout.
 */
@ExtendWith(OutputCaptureExtension.class)
class ShutdownLeftoversTests {

	@Test
	void leakedAsyncTasksAreReportedAndStoppedAtClose(CapturedOutput output) throws Exception {
		SpringApplication application = new SpringApplication(TestApplication.class, LeakyTasks.class);
		ConfigurableApplicationContext context = application.run("--server.port=0",
				"--spring.task.execution.mode=force", "--leakguard.request.deadline=1h");
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		HttpClient http = HttpClient.newHttpClient();
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/leak/async")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
		}
		TaskRegistry registry = context.getBean(TaskRegistry.class);
		// @Async answers before its task starts: close once all five are blocked
		await().atMost(Duration.ofSeconds(10)).until(() -> registry.sites().stream()
			.filter((site) -> site.callSite().contains("Handlers.async("))
			.mapToInt(SiteTasks::active)
			.sum() == 5);
		long start = System.nanoTime();
		context.close();
		Duration closing = Duration.ofNanos(System.nanoTime() - start);
		assertThat(closing).isLessThan(Duration.ofSeconds(10));
		String log = output.getOut();
		assertThat(log).containsOnlyOnce("that were still running when it closed");
		assertThat(log).containsPattern("5 started at dev\\.leakguard\\.it\\.LeakyTasks\\$Handlers\\.async\\(LeakyTasks\\.java:\\d+\\)"
				+ " on applicationTaskExecutor");
		assertThat(log).contains("at java.base/java.util.concurrent.ArrayBlockingQueue.put");
	}

}
