package dev.leakguard.it;

import java.net.http.HttpResponse;
import java.time.Duration;

import dev.leakguard.scope.TimeoutHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client beans built without Boot's builders still carry the request deadline: it goes
 * downstream as a header, a spent deadline fails fast without a call, and interruptible
 * clients stop at it.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(PlainClients.class)
class PlainClientsDeadlineTests {

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "restclient", "resttemplate", "webclient" })
	void remainingDeadlineGoesDownstream(String client) throws Exception {
		try (HeaderRecordingUpstream upstream = new HeaderRecordingUpstream()) {
			assertThat(call(client, upstream.url(), "5S").statusCode()).isEqualTo(200);
			Duration sent = TimeoutHeader.parse(upstream.received());
			assertThat(sent).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "restclient", "resttemplate", "webclient" })
	void spentDeadlineFailsFastWithoutCalling(String client) throws Exception {
		try (HangingUpstream upstream = new HangingUpstream(HangingUpstream.Mode.SILENT)) {
			HttpResponse<String> response = call(client, upstream.url(), "0m");
			assertThat(response.statusCode()).isEqualTo(504);
			assertThat(upstream.connections()).isZero();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "restclient", "webclient" })
	void interruptibleClientsStopAtTheDeadline(String client) throws Exception {
		try (HangingUpstream upstream = new HangingUpstream(HangingUpstream.Mode.SILENT)) {
			long start = System.nanoTime();
			HttpResponse<String> response = call(client, upstream.url(), "800m");
			assertThat(response.statusCode()).isEqualTo(504);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
		}
	}

	private HttpResponse<String> call(String client, String upstream, String deadline) throws Exception {
		return HeaderRecordingUpstream.call(this.port, client, upstream, deadline);
	}

}
