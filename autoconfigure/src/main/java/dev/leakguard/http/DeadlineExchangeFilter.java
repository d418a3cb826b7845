package dev.leakguard.http;

import java.time.Duration;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.RequestScope.Registration;
import dev.leakguard.scope.TimeoutHeader;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Holds WebClient calls to the request's deadline: the scope comes from the Reactor
 * context (WebFlux) or the subscribing thread (a servlet app blocking on the result).
 * Fails fast once the deadline passed, sends the remaining time downstream, and disposes
 * the exchange when the scope is cancelled. Outside any request, the exchange gets a
 * bound of its own, so a connector without timeouts cannot wait forever.
 */
public final class DeadlineExchangeFilter implements ExchangeFilterFunction {

	private static final String CLIENT = "webclient";

	private final DeadlineExceededListener listener;

	private final DeadlineHosts hosts;

	private final Duration callBound;

	/**
	 * Creates the filter.
	 * @param listener told of every call that failed on its deadline
	 * @param hosts the hosts that are sent the remaining deadline
	 * @param callBound how long a call made outside any request may take to answer
	 */
	public DeadlineExchangeFilter(DeadlineExceededListener listener, DeadlineHosts hosts, Duration callBound) {
		this.listener = listener;
		this.hosts = hosts;
		this.callBound = callBound;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.deferContextual((context) -> {
			RequestScope scope = context.getOrDefault(RequestScope.class, RequestScope.current());
			if (scope == null) {
				return next.exchange(request)
					.timeout(this.callBound, Mono.defer(() -> Mono.error(DeadlineExceededException.outOfBound(
							this.listener, CLIENT, request.method() + " " + request.url(), this.callBound, null))));
			}
			String target = request.method() + " " + request.url();
			CancelCause cause = scope.cause();
			if (cause != null) {
				return Mono.error(DeadlineExceededException.reported(this.listener, CLIENT, target, cause, null));
			}
			ClientRequest withDeadline = !this.hosts.matches(request.url().getHost()) ? request
					: ClientRequest.from(request)
						.headers((headers) -> headers.set(TimeoutHeader.REQUEST_DEADLINE,
								TimeoutHeader.format(scope.remaining())))
						.build();
			Mono<CancelCause> cancelled = Mono.create((sink) -> {
				Registration registration = scope.onCancel(sink::success);
				sink.onDispose(registration::close);
			});
			return next.exchange(withDeadline)
				.takeUntilOther(cancelled)
				.switchIfEmpty(Mono.defer(() -> {
					CancelCause fired = scope.cause();
					return Mono.error(DeadlineExceededException.reported(this.listener, CLIENT, target,
							(fired != null) ? fired : CancelCause.CANCELLED, null));
				}));
		});
	}

}
