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
import static org.awaitility.Awaitility.await;

/**
 * Issue 17: with {@code -Djdk.trackAllThreads=false} the garbage collector proves leaks.
 * Virtual threads left by requests, blocked on a queue, a future and a condition nobody
 * else can reach, read as proven leaks at their call site within a few GC cycles; those
 * blocked on a queue still reachable read none. Without the flag the feature is off and
 * says so. Forked JVMs: the flag is per JVM.
 */
class ProvenLeaksTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int N = 5;

	@TempDir
	Path work;

	@Test
	void unreachableBlockedVirtualThreadsAreProvenLeaksAndReachableOnesAreNot() throws Exception {
		try (ForkedJvm app = start("-Djdk.trackAllThreads=false")) {
			leave(app);
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				app.get("/proven/gc");
				JsonNode report = json.readTree(app.get("/actuator/leaks").body());
				assertThat(report.path("provenEnabled").asBoolean()).isTrue();
				assertThat(proven(report, "Handlers.queue(")).isEqualTo(N);
				assertThat(proven(report, "Handlers.future(")).isEqualTo(N);
				assertThat(proven(report, "Handlers.condition(")).isEqualTo(N);
			});
			JsonNode report = json.readTree(app.get("/actuator/leaks?depth=64").body());
			assertThat(proven(report, "Handlers.held(")).isZero();
			JsonNode queue = entry(report, "Handlers.queue(");
			assertThat(queue.path("route").asString()).isEqualTo("GET /proven/queue");
			assertThat(queue.path("frames").toString()).contains("java.util.concurrent.SynchronousQueue.put");
			// the JDK's dump leaves these virtual threads out under the flag: leakguard lists them itself
			JsonNode held = LeaksReports.group(report, "ProvenLeakHandlers$Handlers.lambda$held$");
			assertThat(held.path("count").asInt()).isEqualTo(N);
			assertThat(held.path("virtual").asBoolean()).isTrue();
			assertThat(held.path("waitReason").asString()).isEqualTo("synchronous hand-off");
			// the control's tasks are alive, and still counted; the proven ones no longer are
			assertThat(active(report, "Handlers.held(")).isEqualTo(N);
			assertThat(active(report, "Handlers.queue(")).isZero();
			String prometheus = app.get("/actuator/prometheus").body();
			assertThat(prometheus)
				.contains("leakguard_threads_leaked_proven_total{call_site=\"dev.leakguard.it.ProvenLeakHandlers$Handlers.queue\"} " + N + ".0")
				.contains("leakguard_threads_leaked_proven_total{call_site=\"dev.leakguard.it.ProvenLeakHandlers$Handlers.held\"} 0.0");
			String text = app.send(app.request("/actuator/leaks").header("Accept", "text/plain").build()).body();
			assertThat(text).containsPattern("(?s)^threads:.*proven leaks \\(virtual threads the garbage collector collected while parked\\):\\n" + N + " @ dev\\.leakguard\\.it\\.ProvenLeakHandlers\\$Handlers\\.");
		}
	}

	@Test
	void withoutTheFlagTheFeatureIsOffAndSaysSo() throws Exception {
		try (ForkedJvm app = start()) {
			leave(app);
			app.get("/proven/gc");
			JsonNode report = json.readTree(app.get("/actuator/leaks").body());
			assertThat(report.path("provenEnabled").asBoolean()).isFalse();
			assertThat(report.path("proven")).isEmpty();
			assertThat(active(report, "Handlers.queue(")).isEqualTo(N);
			assertThat(app.get("/actuator/prometheus").body()).doesNotContain("leakguard_threads_leaked_proven");
		}
	}

	private ForkedJvm start(String... jvmOptions) throws Exception {
		List<String> options = new ArrayList<>(List.of(jvmOptions));
		options.add("-Dfork.sources=" + ProvenLeakHandlers.class.getName());
		return ForkedJvm.start(this.work, options, "--leakguard.request.deadline=5m",
				"--leakguard.baseline.sample-interval=200ms");
	}

	private static void leave(ForkedJvm app) throws Exception {
		for (String leak : List.of("queue", "future", "condition", "held")) {
			for (int i = 0; i < N; i++) {
				assertThat(app.get("/proven/" + leak).statusCode()).isEqualTo(200);
			}
		}
		Thread.sleep(1000); // a sweep or two takes the stacks of the parked threads
	}

	private static long proven(JsonNode report, String frame) {
		JsonNode entry = entry(report, frame);
		return entry.isMissingNode() ? 0 : entry.path("count").asLong();
	}

	private static JsonNode entry(JsonNode report, String callSite) {
		for (JsonNode entry : report.path("proven")) {
			if (entry.path("callSite").asString().contains(callSite)) {
				return entry;
			}
		}
		return json.missingNode();
	}

	private static int active(JsonNode report, String callSite) {
		int active = 0;
		for (JsonNode task : report.path("tasks")) {
			if (task.path("callSite").asString().contains(callSite)) {
				active += task.path("active").asInt();
			}
		}
		return active;
	}

}
