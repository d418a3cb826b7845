package dev.leakguard.it;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each stack group of {@code /actuator/leaks} says, like a Go dump, what its threads wait
 * on, where the application's code is, who submitted the work and how long it has been
 * stuck: on a real server, with tasks left blocked by real requests.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=leaks")
@AutoConfigureRestTestClient
@Import(DiagnosisTests.Leaks.class)
class DiagnosisTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private RestTestClient client;

	@Test
	void groupsSayWaitReasonBlockedAtAndCreatedBy() {
		for (int i = 0; i < 3; i++) {
			get("/diagnosis/put", MediaType.TEXT_PLAIN);
			get("/diagnosis/handoff", MediaType.TEXT_PLAIN);
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode report = json.readTree(get("/actuator/leaks?depth=64", MediaType.APPLICATION_JSON));
			JsonNode put = LeaksReports.group(report, "Leaks.blockedPut(");
			assertThat(put.path("count").asInt()).isEqualTo(3);
			assertThat(put.path("waitReason").asString()).isEqualTo("queue put");
			assertThat(put.path("blockedAt").asString()).matches("dev\\.leakguard\\.it\\.DiagnosisTests\\$Leaks\\.blockedPut\\(DiagnosisTests\\.java:\\d+\\)");
			assertThat(put.path("createdBy")).hasSize(1);
			assertThat(put.path("createdBy").get(0).path("callSite").asString())
				.matches("dev\\.leakguard\\.it\\.DiagnosisTests\\$Leaks\\$Handlers\\.put\\(DiagnosisTests\\.java:\\d+\\)");
			assertThat(put.path("createdBy").get(0).path("count").asInt()).isEqualTo(3);
			assertThat(put.path("createdBy").get(0).path("executor").asString()).isEqualTo("diagnosisWorkers");
			assertThat(put.path("createdBy").get(0).path("route").asString()).isEqualTo("GET /diagnosis/put");
			// Tomcat's idle request threads wait for work: not a leak, and not a "queue take"
			assertThat(LeaksReports.group(report, "org.apache.tomcat.util.threads.TaskQueue.take(").path("waitReason").asString())
				.isEqualTo("idle pool worker");
			JsonNode handoff = LeaksReports.group(report, "Leaks.blockedHandOff(");
			assertThat(handoff.path("waitReason").asString()).isEqualTo("synchronous hand-off");
			assertThat(handoff.path("createdBy").get(0).path("callSite").asString()).contains("Handlers.handoff(");
		});
		String text = get("/actuator/leaks", MediaType.TEXT_PLAIN);
		assertThat(text).containsPattern("3 @ WAITING \\[\\w+\\] \\[queue put(, stuck [\\d.]+s)?\\]\\n");
		assertThat(text).containsPattern(
				"\\tcreated by dev\\.leakguard\\.it\\.DiagnosisTests\\$Leaks\\$Handlers\\.put\\(DiagnosisTests\\.java:\\d+\\) on diagnosisWorkers for GET /diagnosis/put \\(3 threads\\)\\n");
	}

	@Test
	void aGroupHeldOverThreeSnapshotsIsStuck() throws InterruptedException {
		get("/diagnosis/put", MediaType.TEXT_PLAIN);
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(700)).untilAsserted(() -> {
			JsonNode report = json.readTree(get("/actuator/leaks", MediaType.APPLICATION_JSON));
			JsonNode put = LeaksReports.group(report, "Leaks.blockedPut(");
			assertThat(put.path("stuckForSeconds").isNumber()).as("stuckForSeconds in %s", put).isTrue();
			assertThat(put.path("stuckForSeconds").asDouble()).isGreaterThan(1.0);
		});
	}

	private String get(String uri, MediaType accept) {
		return this.client.get()
			.uri(uri)
			.accept(accept)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	@Configuration(proxyBeanMethods = false)
	static class Leaks {

		static final BlockingQueue<String> FULL = new ArrayBlockingQueue<>(1, false, java.util.List.of("full"));

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService diagnosisWorkers() {
			return Executors.newCachedThreadPool();
		}

		static void blockedPut() {
			try {
				FULL.put("more");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		static void blockedHandOff() {
			try {
				new SynchronousQueue<String>().put("nobody takes it");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@RestController
		static class Handlers {

			private final ExecutorService workers;

			Handlers(@Qualifier("diagnosisWorkers") ExecutorService workers) {
				this.workers = workers;
			}

			@GetMapping("/diagnosis/put")
			String put() {
				this.workers.submit(Leaks::blockedPut);
				return "sent";
			}

			@GetMapping("/diagnosis/handoff")
			String handoff() {
				this.workers.submit(Leaks::blockedHandOff);
				return "sent";
			}

		}

	}

}
