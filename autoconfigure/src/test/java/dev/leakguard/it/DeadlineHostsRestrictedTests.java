package dev.leakguard.it;

import java.net.http.HttpResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code leakguard.http.propagate-deadline-to} restricted, third-party hosts never
 * learn the deadline, and a spent deadline still fails the call to them fast.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "leakguard.http.propagate-deadline-to=*.internal.example")
@Import(PlainClients.class)
class DeadlineHostsRestrictedTests {

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "restclient", "resttemplate", "webclient" })
	void headerIsKeptFromOtherHosts(String client) throws Exception {
		try (HeaderRecordingUpstream upstream = new HeaderRecordingUpstream()) {
			assertThat(call(client, upstream.url(), "5S").statusCode()).isEqualTo(200);
			assertThat(upstream.received()).isEqualTo("null");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "restclient", "webclient" })
	void spentDeadlineStillFailsFast(String client) throws Exception {
		try (HangingUpstream upstream = new HangingUpstream(HangingUpstream.Mode.SILENT)) {
			assertThat(call(client, upstream.url(), "0m").statusCode()).isEqualTo(504);
			assertThat(upstream.connections()).isZero();
		}
	}

	private HttpResponse<String> call(String client, String upstream, String deadline) throws Exception {
		return HeaderRecordingUpstream.call(this.port, client, upstream, deadline);
	}

}
