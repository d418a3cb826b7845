package dev.leakguard.it;

import java.time.Duration;

import dev.leakguard.baseline.BaselineAnalyzer;
import dev.leakguard.baseline.Series;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code leaks} health indicator: absent unless asked for; once enabled, UP on a
 * quiet app and the configured status, with the suspected call site, while a call site's
 * baseline rises.
 */
class LeaksHealthTests {

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoints.web.exposure.include=health",
					"management.endpoint.health.show-components=always" })
	@AutoConfigureRestTestClient
	class ByDefault {

		@Autowired
		private RestTestClient client;

		@Test
		void thereIsNoLeaksHealth() {
			this.client.get().uri("/actuator/health/leaks").exchange().expectStatus().isNotFound();
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoints.web.exposure.include=health",
					"management.endpoint.health.show-details=always", "leakguard.health.enabled=true",
					"leakguard.health.rising-baseline-status=OUT_OF_SERVICE", "leakguard.baseline.window=5m",
					"leakguard.baseline.sample-interval=10s" })
	@AutoConfigureRestTestClient
	class WhenEnabled {

		@Autowired
		private RestTestClient client;

		@Autowired
		private BaselineAnalyzer analyzer;

		@Test
		void upWhileQuietAndTheConfiguredStatusWhileABaselineRises() {
			String quiet = health();
			assertThat(quiet).contains("\"status\":\"UP\"").contains("\"verdict\":\"OK\"");
			// three waves that each leave the floor higher, sampled every 10 s over the 5 min window
			// after the sampler's own first sample, taken at start-up
			long time = System.currentTimeMillis() + Duration.ofMinutes(1).toMillis();
			String site = Series.tasks("com.example.Api.send");
			for (int wave = 0; wave < 4; wave++) {
				for (int i = 0; i < 10; i++) {
					long floor = 40 + wave * 15L;
					this.analyzer.record(Series.PLATFORM_THREADS, time, 30);
					this.analyzer.record(site, time, (i < 7) ? floor : floor + 100);
					time += 10_000;
				}
			}
			String rising = health();
			assertThat(rising).contains("\"status\":\"OUT_OF_SERVICE\"")
				.contains("\"verdict\":\"RISING_BASELINE\"")
				.contains("\"suspectedCallSite\":\"com.example.Api.send\"");
		}

		private String health() {
			return this.client.get()
				.uri("/actuator/health/leaks")
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
		}

	}

}
