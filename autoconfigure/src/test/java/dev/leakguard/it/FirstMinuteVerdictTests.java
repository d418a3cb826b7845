package dev.leakguard.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An idle, healthy application reads OK from its first second: the baseline is sampled
 * from {@code ApplicationReadyEvent} on, not while the context was still starting
 * threads, and until the window is filled the verdict says it is still collecting. The
 * application runs in a JVM of its own so that the test's own client threads are not
 * counted.
 */
class FirstMinuteVerdictTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path work;

	@Test
	void idleApplicationIsOkFromTheStartAndSaysWhileItCollects() throws Exception {
		try (ForkedJvm app = ForkedJvm.start(this.work, List.of(), "--leakguard.baseline.window=4s",
				"--leakguard.baseline.sample-interval=100ms")) {
			List<String> statuses = new ArrayList<>();
			List<String> details = new ArrayList<>();
			long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
			while (System.nanoTime() < end) {
				JsonNode verdict = json.readTree(app.get("/actuator/leaks?limit=1").body()).path("verdict");
				statuses.add(verdict.path("status").asString());
				details.add(verdict.path("detail").asString());
				Thread.sleep(250);
			}
			assertThat(statuses).as("details %s", details).containsOnly("OK");
			assertThat(details.get(0)).matches("Collecting baseline: \\d+ of 37 samples");
			assertThat(details.get(details.size() - 1)).isEqualTo("All series near their floor");
		}
	}

}
