package dev.leakguard.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.ScopeInternals;
import dev.leakguard.support.ClassHistogram;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The WebClient filter with an exchange that answers while it is being subscribed (a stub
 * {@link ExchangeFunction} in an application's tests, a cached answer): the call's cancel
 * listener must not stay registered with the request's scope, which would keep every such
 * call, and the scope on its deadline timer, until the deadline; and a call that ends
 * within a tick of the deadline timer need not listen at all.
 */
class DeadlineExchangeFilterTests {

	private final DeadlineExchangeFilter filter = new DeadlineExchangeFilter(DeadlineExceededListener.NONE,
			DeadlineHosts.of(List.of("*")), Duration.ofSeconds(12));

	private final ExchangeFunction answersAtOnce = (request) -> Mono
		.just(ClientResponse.create(HttpStatus.OK).body("ok").build());

	@Test
	void callsAnsweredWhileSubscribedLeaveNothingOnTheirScope() {
		ClientRequest request = ClientRequest.create(HttpMethod.GET, URI.create("http://upstream.test/")).build();
		try (RequestScope scope = RequestScope.open(Duration.ofSeconds(30))) {
			for (int i = 0; i < 5_000; i++) {
				ClientResponse response = this.filter.filter(request, this.answersAtOnce).block();
				assertThat(response.statusCode()).isEqualTo(HttpStatus.OK);
			}
			assertThat(ClassHistogram.take().instances("dev.leakguard.http.DeadlineExchangeFilter$ScopeBound"))
				.isLessThan(100);
		}
	}

	@Test
	void theExchangeBelowTheFilterSeesTheContextWithoutTheScope() {
		ClientRequest request = ClientRequest.create(HttpMethod.GET, URI.create("http://upstream.test/")).build();
		List<Context> seen = new ArrayList<>();
		ExchangeFunction recording = (exchanged) -> Mono.deferContextual((context) -> {
			seen.add(Context.of(context));
			return this.answersAtOnce.exchange(exchanged);
		});
		RequestScope scope = RequestScope.create(Duration.ofSeconds(30));
		ClientResponse response = this.filter.filter(request, recording)
			.contextWrite(Context.of(RequestScope.class, scope, "other", "kept"))
			.block();
		assertThat(response.statusCode()).isEqualTo(HttpStatus.OK);
		// the connector's own contexts stay as small as without leakguard: in Reactor, a context of
		// four or five entries builds a String per key each time one is made
		assertThat(seen).singleElement().satisfies((context) -> {
			assertThat(context.hasKey(RequestScope.class)).isFalse();
			assertThat(context.<String>get("other")).isEqualTo("kept");
		});
	}

	@Test
	void callsAnsweredWithinATickLeaveTheirScopesDeadlineUnarmed() {
		ClientRequest request = ClientRequest.create(HttpMethod.GET, URI.create("http://upstream.test/")).build();
		int armed = 0;
		for (int i = 0; i < 2_000; i++) {
			try (RequestScope scope = RequestScope.open(Duration.ofSeconds(30))) {
				assertThat(this.filter.filter(request, this.answersAtOnce).block().statusCode()).isEqualTo(HttpStatus.OK);
				if (ScopeInternals.armed(scope)) {
					armed++;
				}
				assertThat(ScopeInternals.listeners(scope)).isZero();
			}
		}
		// only a call that a periodic sweep happens to find in flight listens, and arms the deadline
		assertThat(armed).isLessThan(100);
	}

}
