package dev.leakguard.http;

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
 * the exchange when the scope is cancelled.
 */
public final class DeadlineExchangeFilter implements ExchangeFilterFunction {

	private static final String CLIENT = "webclient";

	private final DeadlineExceededListener listener;

	private final DeadlineHosts hosts;

	public DeadlineExchangeFilter(DeadlineExceededListener listener) {
		this(listener, DeadlineHosts.ALL);
	}

	public DeadlineExchangeFilter(DeadlineExceededListener listener, DeadlineHosts hosts) {
		this.listener = listener;
		this.hosts = hosts;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		return Mono.deferContextual((context) -> {
			RequestScope scope = context.getOrDefault(RequestScope.class, RequestScope.current());
			if (scope == null) {
				return next.exchange(request);
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
