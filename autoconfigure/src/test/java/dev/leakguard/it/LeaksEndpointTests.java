package dev.leakguard.it;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/leaks} on a real Tomcat, with threads parked in known methods.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=leaks")
@AutoConfigureRestTestClient
class LeaksEndpointTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ParkedThreads parked;

	@Autowired
	private RestTestClient client;

	@BeforeAll
	static void park() {
		parked = new ParkedThreads().platform(50).virtual(5000);
	}

	@AfterAll
	static void release() throws InterruptedException {
		parked.close();
	}

	@Test
	void groupsIdenticalStacksOfPlatformAndVirtualThreads() {
		JsonNode report = getJson("/actuator/leaks?limit=20");
		assertThat(report.path("threads").path("virtual").asInt()).isGreaterThanOrEqualTo(5000);
		assertThat(report.path("threads").path("platform").asInt()).isGreaterThanOrEqualTo(50);
		JsonNode virtualGroup = LeaksReports.group(report, "ParkedThreads.parkVirtual(");
		assertThat(virtualGroup.path("count").asInt()).isEqualTo(5000);
		assertThat(virtualGroup.path("virtual").asBoolean()).isTrue();
		assertThat(virtualGroup.path("state").asString()).isEqualTo("WAITING");
		JsonNode platformGroup = LeaksReports.group(report, "ParkedThreads.parkPlatform(");
		assertThat(platformGroup.path("count").asInt()).isEqualTo(50);
		assertThat(platformGroup.path("virtual").asBoolean()).isFalse();
		assertThat(platformGroup.path("threadNames")).hasSize(5);
		// sorted by count, descending: the 5,000 virtual threads lead
		assertThat(report.path("groups").get(0)).isEqualTo(virtualGroup);
		List<Integer> counts = report.path("groups").valueStream().map((g) -> g.path("count").asInt()).toList();
		assertThat(counts).isSortedAccordingTo((a, b) -> b - a);
		assertThat(report.path("verdict").path("status").asString()).isIn("OK", "SPIKE", "RISING_BASELINE");
		// the request thread taking the dump is left out
		assertThat(getJson("/actuator/leaks?limit=10000&depth=1024").path("groups").toString())
			.doesNotContain("dev.leakguard.endpoint.LeaksEndpoint");
	}

	@Test
	void queryParametersFilterAndTrim() {
		JsonNode report = getJson("/actuator/leaks?limit=1&depth=3&minCount=5000&state=waiting");
		assertThat(report.path("groups")).hasSize(1);
		assertThat(report.path("groups").get(0).path("count").asInt()).isEqualTo(5000);
		// depth 3 keeps the user's frame: the top frame, a line for the frames left out, the two that lead to it
		JsonNode frames = report.path("groups").get(0).path("frames");
		assertThat(frames).hasSize(4);
		assertThat(frames.get(1).asString()).matches("\\.\\.\\. \\d+ frames");
		assertThat(frames.get(3).asString()).startsWith("dev.leakguard.it.ParkedThreads.awaitRelease(");
		assertThat(report.path("groups").get(0).path("blockedAt").asString())
			.startsWith("dev.leakguard.it.ParkedThreads.awaitRelease(");
		assertThat(report.path("groups").get(0).path("waitReason").asString()).isEqualTo("latch await");
		JsonNode none = getJson("/actuator/leaks?minCount=1000000");
		assertThat(none.path("groups")).isEmpty();
	}

	@Test
	void textFormatReadsLikeGoroutineDump() {
		String text = this.client.get()
			.uri("/actuator/leaks?limit=5")
			.accept(MediaType.TEXT_PLAIN)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(text).contains("5000 @ WAITING (virtual)");
		assertThat(text).containsPattern("50 @ WAITING \\[\\w+\\] \\[latch await(, stuck [\\d.]+s)?\\]\\n(\\t.*\\n)*\\tdev\\.leakguard\\.it\\.ParkedThreads\\.parkPlatform\\(ParkedThreads\\.java:\\d+\\)\\n");
	}

	@Test
	void diffAgainstSavedBaselineShowsGrowth() throws Exception {
		Map<?, ?> saved = this.client.post()
			.uri("/actuator/leaks")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		String id = (String) saved.get("id");
		try (ParkedThreads more = new ParkedThreads().platform(20)) {
			await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
				JsonNode diff = getJson("/actuator/leaks/" + id);
				JsonNode grown = LeaksReports.group(diff, "ParkedThreads.parkPlatform(");
				assertThat(grown.path("delta").asInt()).isEqualTo(20);
				assertThat(grown.path("change").asString()).isEqualTo("grown");
				assertThat(grown.path("before").asInt()).isEqualTo(50);
				assertThat(grown.path("after").asInt()).isEqualTo(70);
			});
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "limit=abc", "limit=0", "limit=99999999", "depth=-1", "depth=5000", "minCount=0",
			"minCount=x", "state=SLEEPING" })
	void badParametersAreRejectedWithAMessage(String query) {
		String body = this.client.get()
			.uri("/actuator/leaks?" + query)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("Parameter '" + query.substring(0, query.indexOf('=')) + "'");
		this.client.get()
			.uri("/actuator/leaks?" + query)
			.accept(MediaType.TEXT_PLAIN)
			.exchange()
			.expectStatus()
			.isBadRequest();
	}

	@Test
	void unknownBaselineIsNotFound() {
		String body = this.client.get()
			.uri("/actuator/leaks/does-not-exist")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("No baseline with id 'does-not-exist'");
	}

	private JsonNode getJson(String uri) {
		String body = this.client.get()
			.uri(uri)
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return json.readTree(body);
	}

}
