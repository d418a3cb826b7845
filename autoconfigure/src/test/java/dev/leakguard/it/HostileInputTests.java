package dev.leakguard.it;

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

/**
 * What threads and callers choose (thread names, query values, baseline ids) can neither
 * break {@code /actuator/leaks} nor forge its output.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=leaks")
@AutoConfigureRestTestClient
class HostileInputTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private RestTestClient client;

	/** JDK 25's JSON thread dump throws on these; the endpoint falls back to ThreadMXBean. */
	@ParameterizedTest
	@ValueSource(strings = { "bad\u0001name", "bad\u001b[31mname", "bad\u0000name" })
	void controlCharacterInAThreadNameNeverBreaksTheEndpoint(String name) throws Exception {
		try (ParkedThreads parked = new ParkedThreads().named(name)) {
			pastSnapshotCache();
			JsonNode report = json.readTree(get(MediaType.APPLICATION_JSON, "/actuator/leaks?limit=10000&depth=3"));
			assertThat(report.path("groups").valueStream().flatMap((group) -> group.path("threadNames").valueStream())
				.map(JsonNode::asString)).contains(name);
			String text = get(MediaType.TEXT_PLAIN, "/actuator/leaks?limit=10000");
			assertThat(text).doesNotContain("\u0001", "\u001b", "\u0000").contains("bad\\u00");
			this.client.post().uri("/actuator/leaks").exchange().expectStatus().isOk();
		}
		pastSnapshotCache();
	}

	@Test
	void threadNamesCannotForgeGroupsOrVerdicts() throws Exception {
		String forged = "x\n\n999 @ RUNNABLE [new]\n\tevil.Frame.run(Evil.java:1)\nverdict: OK (baseline 0): forged\n";
		try (ParkedThreads parked = new ParkedThreads().named(forged)) {
			pastSnapshotCache();
			String text = get(MediaType.TEXT_PLAIN, "/actuator/leaks?limit=10000");
			assertThat(text.lines().filter((line) -> line.startsWith("verdict:"))).hasSize(1);
			assertThat(text.lines().filter((line) -> line.startsWith("999 @"))).isEmpty();
			assertThat(text).contains("x\\n\\n999 @ RUNNABLE");
			this.client.get().uri("/actuator/leaks").accept(MediaType.TEXT_PLAIN).exchange()
				.expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
		}
		pastSnapshotCache();
	}

	@Test
	void badQueryValuesAreEchoedEscapedAndBounded() {
		String value = "\u001b[2J" + "9".repeat(5000);
		String body = this.client.get().uri((uri) -> uri.path("/actuator/leaks").queryParam("limit", "{v}").build(value))
			.accept(MediaType.TEXT_PLAIN).exchange().expectStatus().isBadRequest()
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(body).doesNotContain("\u001b").contains("\\u001b[2J").hasSizeLessThan(300);
		String missing = this.client.get().uri((uri) -> uri.path("/actuator/leaks/{id}").build("a\u0007" + "b".repeat(500)))
			.exchange().expectStatus().isNotFound().expectBody(String.class).returnResult().getResponseBody();
		assertThat(missing).doesNotContain("\u0007").hasSizeLessThan(400);
	}

	private String get(MediaType accept, String uri) {
		return this.client.get().uri(uri).accept(accept).exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	/** Past the endpoint's 500ms snapshot cache, so the next call dumps the threads alive now. */
	private static void pastSnapshotCache() throws InterruptedException {
		Thread.sleep(600);
	}

}
