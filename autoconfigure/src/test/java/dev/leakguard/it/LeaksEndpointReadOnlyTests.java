package dev.leakguard.it;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Boot's access model keeps the endpoint read-only on request: with
 * {@code management.endpoint.leaks.access=read-only}, reading works and saving a baseline
 * (each a full thread dump kept in memory) is refused.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=leaks", "management.endpoint.leaks.access=read-only" })
@AutoConfigureRestTestClient
class LeaksEndpointReadOnlyTests {

	@Autowired
	private RestTestClient client;

	@Test
	void readOnlyAccessRefusesSavingBaselines() {
		this.client.get().uri("/actuator/leaks").exchange().expectStatus().isOk();
		this.client.post().uri("/actuator/leaks").exchange().expectStatus().is4xxClientError();
	}

}
