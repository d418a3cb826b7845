package dev.leakguard.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files in {@code grafana/}, checked with the real {@code promtool}: the rules load,
 * their unit tests (a leak fires, a spike does not) pass, and every dashboard query
 * parses.
 */
class GrafanaAssetsTests {

	static final Path GRAFANA = Path.of("..", "grafana").toAbsolutePath().normalize();

	@Test
	void rulesLoad() throws Exception {
		Promtool.Result result = Promtool.run(GRAFANA, "check", "rules", "prometheus/leakguard-rules.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: 6 rules found");
	}

	@Test
	void ruleUnitTestsPass() throws Exception {
		Promtool.Result result = Promtool.run(GRAFANA, "test", "rules", "tests/leakguard-rules-test.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void everyDashboardQueryParses(@TempDir Path dir) throws Exception {
		List<String> exprs = dashboardQueries();
		assertThat(exprs).hasSizeGreaterThanOrEqualTo(8);
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		for (int i = 0; i < exprs.size(); i++) {
			rules.append("      - record: dashboard:query_").append(i).append("\n        expr: '")
				.append(exprs.get(i).replace("'", "''")).append("'\n");
		}
		Files.writeString(dir.resolve("dashboard-rules.yml"), rules);
		Promtool.Result result = Promtool.run(dir, "check", "rules", "dashboard-rules.yml");
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: " + exprs.size() + " rules found");
	}

	@Test
	@SuppressWarnings("unchecked")
	void prometheusOperatorRuleMatchesThePlainRulesFile() throws Exception {
		Yaml yaml = new Yaml();
		Map<String, Object> plain = yaml.load(Files.readString(GRAFANA.resolve("prometheus/leakguard-rules.yml")));
		Map<String, Object> operator = yaml
			.load(Files.readString(GRAFANA.resolve("prometheus/leakguard-prometheusrule.yml")));
		assertThat(operator).containsEntry("kind", "PrometheusRule");
		assertThat((Map<String, Object>) operator.get("spec")).isEqualTo(plain);
	}

	/**
	 * Returns every panel query of the dashboard, its variables replaced as Grafana would
	 * with "All" selected.
	 */
	static List<String> dashboardQueries() throws Exception {
		JsonNode dashboard = JsonMapper.builder().build().readTree(GRAFANA.resolve("dashboards/leakguard.json").toFile());
		List<String> exprs = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				exprs.add(target.path("expr").asString().replace("$application", ".*").replace("$instance", ".*"));
			}
		}
		return exprs;
	}

}
