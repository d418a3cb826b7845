package dev.leakguard.it;

import java.time.Duration;
import java.util.List;

import dev.leakguard.http.DeadlineExceededListener;
import dev.leakguard.http.DeadlineExchangeFilter;
import dev.leakguard.http.DeadlineHosts;
import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.TimeoutHeader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remaining deadline a WebClient call sends downstream, over real connectors to a
 * real upstream on loopback: written whatever the connector, kept when a filter after
 * leakguard's copies the request (as OAuth2's filters do to add a header), and in place of
 * a deadline header the application set itself.
 */
class WebClientDeadlineHeaderTests {

	private static final ExchangeFilterFunction leakguard = new DeadlineExchangeFilter(DeadlineExceededListener.NONE,
			DeadlineHosts.of(List.of("*")), Duration.ofSeconds(12));

	private static final ExchangeFilterFunction copying = (request, next) -> next
		.exchange(ClientRequest.from(request).header("X-Copied", "yes").build());

	@ParameterizedTest
	@ValueSource(strings = { "reactor", "jdk" })
	void theRemainingDeadlineGoesDownstream(String connector) throws Exception {
		assertThat(sent(WebClient.builder().clientConnector(connector(connector)).filter(leakguard), null))
			.isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
	}

	@ParameterizedTest
	@ValueSource(strings = { "reactor", "jdk" })
	void aFilterAfterLeakguardsThatCopiesTheRequestKeepsIt(String connector) throws Exception {
		assertThat(sent(WebClient.builder().clientConnector(connector(connector)).filter(leakguard).filter(copying),
				null))
			.isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
	}

	@ParameterizedTest
	@ValueSource(strings = { "reactor", "jdk" })
	void itReplacesADeadlineTheApplicationSet(String connector) throws Exception {
		assertThat(sent(WebClient.builder().clientConnector(connector(connector)).filter(leakguard), "1H"))
			.isBetween(Duration.ofSeconds(3), Duration.ofSeconds(5));
	}

	/** The deadline an upstream was sent by a call made in a scope of 5 s. */
	private static Duration sent(WebClient.Builder builder, String ownHeader) throws Exception {
		try (HeaderRecordingUpstream upstream = new HeaderRecordingUpstream();
				RequestScope scope = RequestScope.open(Duration.ofSeconds(5))) {
			WebClient client = builder.build();
			String body = client.get()
				.uri(upstream.url())
				.headers((headers) -> {
					if (ownHeader != null) {
						headers.set(TimeoutHeader.REQUEST_DEADLINE, ownHeader);
					}
				})
				.retrieve()
				.bodyToMono(String.class)
				.block(Duration.ofSeconds(10));
			assertThat(body).isEqualTo("ok");
			return TimeoutHeader.parse(upstream.received());
		}
	}

	private static ClientHttpConnector connector(String name) {
		return switch (name) {
			case "reactor" -> new ReactorClientHttpConnector();
			case "jdk" -> new JdkClientHttpConnector();
			default -> throw new IllegalArgumentException(name);
		};
	}

}
