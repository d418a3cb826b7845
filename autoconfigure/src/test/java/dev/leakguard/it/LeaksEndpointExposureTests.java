package dev.leakguard.it;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Boot's defaults hold: without {@code management.endpoints.web.exposure.include=leaks}
 * the endpoint is not reachable over the web.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class LeaksEndpointExposureTests {

	@Autowired
	private RestTestClient client;

	@Test
	void notExposedUnlessIncluded() {
		this.client.get().uri("/actuator/leaks").exchange().expectStatus().isNotFound();
		this.client.post().uri("/actuator/leaks").exchange().expectStatus().isNotFound();
		this.client.get().uri("/actuator/health").exchange().expectStatus().isOk();
	}

}
