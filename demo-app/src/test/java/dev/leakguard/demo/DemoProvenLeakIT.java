package dev.leakguard.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged demo run with {@code -Djdk.trackAllThreads=false}: after a garbage
 * collection ({@code jcmd GC.run}), each {@code /proven/leaky} request is a proven leak in
 * {@code /actuator/leaks} and in Prometheus' counter, and {@code /proven/safe} is none.
 */
class DemoProvenLeakIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void provenLeakyShowsInTheEndpointAndPrometheusAndSafeDoesNot() throws Exception {
		Path workDir = Files.createTempDirectory("leakguard-demo-proven-it");
		try (DemoProcess demo = DemoProcess.start(workDir, "127.0.0.1", "-Djdk.trackAllThreads=false")) {
			for (int i = 0; i < 4; i++) {
				assertThat(demo.get("/proven/leaky").statusCode()).isEqualTo(200);
				assertThat(demo.get("/proven/safe").statusCode()).isEqualTo(200);
			}
			Thread.sleep(2500); // the safe twins give up after 1s; a sweep takes the parked stacks
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
				demo.gc();
				JsonNode proven = json.readTree(demo.get("/actuator/leaks").body()).path("proven");
				assertThat(proven).hasSize(1);
				assertThat(proven.get(0).path("callSite").asString())
					.startsWith("dev.leakguard.demo.ProvenLeakController.provenLeaky(");
				assertThat(proven.get(0).path("route").asString()).isEqualTo("GET /proven/leaky");
				assertThat(proven.get(0).path("count").asInt()).isEqualTo(4);
			});
			String prometheus = demo.get("/actuator/prometheus").body();
			assertThat(prometheus).contains(
					"leakguard_threads_leaked_proven_total{application=\"leakguard-demo\",call_site=\"dev.leakguard.demo.ProvenLeakController.provenLeaky\"} 4.0",
					"leakguard_threads_leaked_proven_total{application=\"leakguard-demo\",call_site=\"dev.leakguard.demo.ProvenLeakController.provenSafe\"} 0.0");
			System.out.println("leakguard: " + demo.getText("/actuator/leaks?limit=1&depth=8"));
		}
	}

}
