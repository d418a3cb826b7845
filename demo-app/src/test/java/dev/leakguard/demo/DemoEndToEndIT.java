package dev.leakguard.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged demo jar, run as a separate process: each scenario leaves its signature
 * in {@code /actuator/leaks} and {@code /actuator/prometheus}, and a real Prometheus
 * server scraping it runs every dashboard query and raises the leak alert for the leaky
 * worker while a healthy burst raises none.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoEndToEndIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static DemoProcess demo;

	private static Path workDir;

	@BeforeAll
	static void startDemo() throws Exception {
		workDir = Files.createTempDirectory("leakguard-demo-it");
		demo = DemoProcess.start(workDir, "127.0.0.1");
	}

	@AfterAll
	static void stopDemo() throws Exception {
		if (demo != null) {
			demo.close();
		}
	}

	@Test
	@Order(1)
	void eachLeakyScenarioShowsAtItsCallSite() throws Exception {
		for (String scenario : List.of("queue", "worker", "ticker", "upstream", "background")) {
			for (int i = 0; i < 3; i++) {
				assertThat(get("/" + scenario + "/leaky").statusCode()).isEqualTo(200);
			}
		}
		for (String handler : List.of("queueLeaky", "workerLeaky", "tickerLeaky", "upstreamLeaky")) {
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode task = task(handler);
				assertThat(task.path("active").asInt()).as(handler).isEqualTo(3);
				assertThat(task.path("orphaned").asInt()).as(handler).isEqualTo(3);
			});
		}
		String prometheus = get("/actuator/prometheus").body();
		assertThat(prometheus).containsPattern(
				"leakguard_tasks_active\\{application=\"leakguard-demo\",call_site=\"dev.leakguard.demo.LeakController.queueLeaky\",executor=\"workers\"} 3.0");
		assertThat(prometheus).containsPattern(
				"leakguard_tasks_orphaned\\{application=\"leakguard-demo\",call_site=\"dev.leakguard.demo.LeakController.tickerLeaky\"} 3.0");
		// raw threads are outside any executor: they show only as a stack group, named by what they wait in
		JsonNode background = group("LeakController.awaitForever", "background-report");
		assertThat(background.path("count").asInt()).isEqualTo(3);
		assertThat(background.path("state").asString()).isEqualTo("WAITING");
		assertThat(background.path("waitReason").asString()).isEqualTo("latch await");
		// each group says what its threads wait on and who submitted their work, like a Go dump
		assertDiagnosis("lambda$queueLeaky", "queue put", "queueLeaky", "GET /queue/leaky");
		assertDiagnosis("lambda$workerLeaky", "sleep", "workerLeaky", "GET /worker/leaky");
		assertDiagnosis("lambda$upstreamLeaky", "future get", "upstreamLeaky", "GET /upstream/leaky");
		// threads a request starts outside tracked executors count at the handler that started them
		for (String scenario : List.of("pool/leaky", "thread/leaky", "pool/safe", "thread/safe")) {
			for (int i = 0; i < 3; i++) {
				assertThat(get("/" + scenario).statusCode()).isEqualTo(200);
			}
		}
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			String metrics = get("/actuator/prometheus").body();
			assertThat(metrics).contains(
					"leakguard_tasks_active{application=\"leakguard-demo\",call_site=\"dev.leakguard.demo.ThreadStartController.poolLeaky\",executor=\"unmanaged-pool\"} 3.0",
					"leakguard_tasks_orphaned{application=\"leakguard-demo\",call_site=\"dev.leakguard.demo.ThreadStartController.threadLeaky\"} 3.0")
				.doesNotContainPattern("ThreadStartController\\.poolSafe\",executor=\"unmanaged-pool\"} [1-9]")
				.doesNotContainPattern("ThreadStartController\\.threadSafe\",executor=\"new-thread\"} [1-9]");
		});
		String plain = demo.getText("/actuator/leaks");
		assertThat(plain).containsPattern("3 @ WAITING \\[\\w+\\] \\[queue put(, stuck [\\d.]+s)?\\]\\n");
		assertThat(plain).containsPattern(
				"\\tcreated by dev\\.leakguard\\.demo\\.LeakController\\.queueLeaky\\(LeakController\\.java:\\d+\\) on workers for GET /queue/leaky \\(3 threads\\)\\n");
	}

	private static void assertDiagnosis(String frame, String waitReason, String handler, String route)
			throws Exception {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode group = group(frame, "");
			assertThat(group.path("count").asInt()).as(frame).isEqualTo(3);
			assertThat(group.path("waitReason").asString()).as(frame).isEqualTo(waitReason);
			assertThat(group.path("blockedAt").asString()).as(frame).contains("LeakController." + frame + "$");
			JsonNode creator = group.path("createdBy").get(0);
			assertThat(creator.path("callSite").asString()).as(frame).contains("LeakController." + handler + "(");
			assertThat(creator.path("executor").asString()).as(frame).isEqualTo("workers");
			assertThat(creator.path("route").asString()).as(frame).isEqualTo(route);
			assertThat(creator.path("count").asInt()).as(frame).isEqualTo(3);
		});
	}

	@Test
	@Order(2)
	void safeScenariosLeaveNothingBehind() throws Exception {
		assertThat(get("/queue/safe").body()).isEqualTo("dropped after 1s: queue full\n");
		long start = System.nanoTime();
		HttpResponse<String> upstream = DemoProcess.send(HttpRequest.newBuilder(URI.create(demo.base() + "/upstream/safe"))
			.header("X-Request-Deadline", "500m")
			.build());
		assertThat(upstream.statusCode()).isEqualTo(504);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		// no deadline header: the demo's 2s read timeout ends the call, also as a gateway timeout
		assertThat(get("/upstream/safe").statusCode()).isEqualTo(504);
		assertThat(get("/ticker/safe").statusCode()).isEqualTo(200);
		assertThat(get("/worker/safe").statusCode()).isEqualTo(200);
		assertThat(get("/background/safe").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			for (String handler : List.of("queueSafe", "tickerSafe", "backgroundSafe")) {
				assertThat(task(handler).path("active").asInt()).as(handler).isZero();
			}
		});
		String prometheus = get("/actuator/prometheus").body();
		assertThat(prometheus).contains("leakguard_http_client_deadline_exceeded_total{application=\"leakguard-demo\",client=\"restclient\"} 1.0");
		assertThat(prometheus).containsPattern(
				"leakguard_tasks_deadline_exceeded_total\\{application=\"leakguard-demo\",call_site=\"dev.leakguard.demo.LeakController.backgroundSafe\"} 1.0");
	}

	@Test
	@Order(3)
	void realPrometheusRunsTheDashboardAndAlertsOnTheLeakNotTheSpike() throws Exception {
		String prometheusBinary = Promtool.binary("prometheus");
		int port = DemoProcess.freePort();
		Path rules = GrafanaAssetsTests.GRAFANA.resolve("prometheus/leakguard-rules.yml");
		Files.writeString(workDir.resolve("prometheus.yml"),
				PrometheusScenario.config(rules.toString(), "127.0.0.1:" + demo.port()));
		Process prometheus = new ProcessBuilder(prometheusBinary, "--config.file=prometheus.yml",
				"--storage.tsdb.path=data", "--web.listen-address=127.0.0.1:" + port)
			.directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(workDir.resolve("prometheus.log").toFile())
			.start();
		try {
			PrometheusScenario.leakAlertsAndSpikeDoesNot(demo, "http://127.0.0.1:" + port);
		}
		finally {
			prometheus.destroy();
			prometheus.waitFor(20, TimeUnit.SECONDS);
		}
	}

	private static JsonNode task(String handler) throws Exception {
		for (JsonNode task : json.readTree(get("/actuator/leaks").body()).path("tasks")) {
			if (task.path("callSite").asString().contains("LeakController." + handler + "(")) {
				return task;
			}
		}
		return json.missingNode();
	}

	private static JsonNode group(String frame, String threadName) throws Exception {
		JsonNode report = json.readTree(get("/actuator/leaks?depth=64").body());
		for (JsonNode group : report.path("groups")) {
			if (group.path("frames").toString().contains(frame)
					&& group.path("threadNames").toString().contains(threadName)) {
				return group;
			}
		}
		throw new AssertionError("No group with " + frame + " in " + report.path("groups"));
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return demo.get(path);
	}

}
