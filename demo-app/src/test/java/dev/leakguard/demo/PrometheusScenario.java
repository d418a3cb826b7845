package dev.leakguard.demo;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a Prometheus server scraping the demo with leakguard's rules must show: the leak
 * alert for the leaky worker, none for a healthy burst, and data for every dashboard
 * query. Shared by the real-process test and its Testcontainers variant.
 */
final class PrometheusScenario {

	private static final JsonMapper json = JsonMapper.builder().build();

	private PrometheusScenario() {
	}

	static String config(String rulesFile, String target) {
		return """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: demo
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["%s"]
				""".formatted(rulesFile, target);
	}

	static void leakAlertsAndSpikeDoesNot(DemoProcess demo, String prometheus) throws Exception {
		String api = prometheus + "/api/v1/query?query=";
		await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
			.until(() -> query(api, "up{job=\"demo\"}").path(0).path("value").path(1).asString().equals("1"));
		// an outbound call cut by its deadline, for the dashboard's client panel
		DemoProcess.send(HttpRequest.newBuilder(URI.create(demo.base() + "/upstream/safe"))
			.header("X-Request-Deadline", "500m")
			.build());
		// waves of leaky workers, each leaving the floor higher, and a burst each wave that falls back
		long end = System.nanoTime() + Duration.ofSeconds(150).toNanos();
		JsonNode alerts = json.missingNode();
		while (System.nanoTime() < end) {
			demo.get("/worker/leaky");
			demo.get("/burst");
			Thread.sleep(6000);
			alerts = query(api, "ALERTS{alertname=\"LeakguardLeakSuspected\"}");
			if (alerts.toString().contains("workerLeaky")) {
				break;
			}
		}
		System.out.println("leakguard: ALERTS from Prometheus: " + alerts);
		assertThat(alerts.toString()).contains("workerLeaky");
		assertThat(alerts.toString()).doesNotContain("LeakController.burst");
		JsonNode burst = query(api, "leakguard_leak_suspected{call_site=~\".*LeakController.burst.*\"}");
		assertThat(burst.path(0).path("value").path(1).asString()).isEqualTo("0");
		for (String expr : GrafanaAssetsTests.dashboardQueries()) {
			if (expr.contains("offset 24h")) {
				continue; // needs a day of history
			}
			if (expr.contains("leakguard_threads_leaked_proven")) {
				continue; // only with -Djdk.trackAllThreads=false: DemoProvenLeakIT checks that meter
			}
			assertThat(query(api, expr)).as(expr).isNotEmpty();
		}
	}

	private static JsonNode query(String api, String expr) throws Exception {
		HttpResponse<String> response = DemoProcess.send(
				HttpRequest.newBuilder(URI.create(api + URLEncoder.encode(expr, StandardCharsets.UTF_8))).build());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body()).path("data").path("result");
	}

}
