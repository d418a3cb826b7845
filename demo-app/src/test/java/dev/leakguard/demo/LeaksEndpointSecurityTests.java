package dev.leakguard.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Spring Security on the class path, Boot's actuator security covers the endpoint:
 * exposed, yet only for authenticated callers.
 */
@SpringBootTest(classes = DemoApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.security.user.name=ops", "spring.security.user.password=secret" })
class LeaksEndpointSecurityTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void requiresAuthentication() throws Exception {
		assertThat(get(null).statusCode()).isEqualTo(401);
		HttpResponse<String> authenticated = get("ops:secret");
		assertThat(authenticated.statusCode()).isEqualTo(200);
		assertThat(authenticated.body()).contains("\"groups\"");
	}

	private HttpResponse<String> get(String credentials) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/leaks"));
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
