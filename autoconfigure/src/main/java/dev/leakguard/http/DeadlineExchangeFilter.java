package dev.leakguard.http;

import java.time.Duration;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.LateListener;
import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

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
		return new Bounded(request, next);
	}

	private DeadlineExceededException failure(ClientRequest request, CancelCause cause) {
		return DeadlineExceededException.reported(this.listener, CLIENT, target(request), cause, null);
	}

	private static String target(ClientRequest request) {
		return request.method() + " " + request.url();
	}

	/**
	 * The exchange, subscribed in the subscriber's scope: one object instead of a chain of
	 * operators (deferring on the context, taking until a cancel signal, switching an
	 * empty result to an error) on every call.
	 */
	private final class Bounded extends Mono<ClientResponse> {

		private final ClientRequest request;

		private final ExchangeFunction next;

		Bounded(ClientRequest request, ExchangeFunction next) {
			this.request = request;
			this.next = next;
		}

		@Override
		public void subscribe(CoreSubscriber<? super ClientResponse> actual) {
			Mono<ClientResponse> exchange;
			RequestScope scope = scopeOf(actual);
			try {
				if (scope == null) {
					outOfScope().subscribe(actual);
					return;
				}
				CancelCause cause = scope.cause();
				if (cause != null) {
					Operators.error(actual, failure(this.request, cause));
					return;
				}
				ClientRequest withDeadline = DeadlineExchangeFilter.this.hosts.matches(this.request.url().getHost())
						? new DeadlineClientRequest(this.request, scope) : this.request;
				exchange = this.next.exchange(withDeadline);
			}
			catch (RuntimeException ex) {
				Operators.error(actual, ex);
				return;
			}
			exchange.subscribe(new ScopeBound(actual, scope, this.request));
		}

		/** The scope in the Reactor context (WebFlux), else the subscribing thread's. */
		private static @Nullable RequestScope scopeOf(CoreSubscriber<?> subscriber) {
			RequestScope scope = subscriber.currentContext().getOrDefault(RequestScope.class, null);
			return (scope != null) ? scope : RequestScope.current();
		}

		private Mono<ClientResponse> outOfScope() {
			Duration bound = DeadlineExchangeFilter.this.callBound;
			return this.next.exchange(this.request)
				.timeout(bound, Mono.defer(() -> Mono.error(DeadlineExceededException.outOfBound(
						DeadlineExchangeFilter.this.listener, CLIENT, target(this.request), bound, null))));
		}

	}

	/**
	 * Passes the exchange's answer on, unless the scope is cancelled first: then the
	 * exchange is cancelled and the deadline's failure passed on instead. Whichever comes
	 * first wins; an answer that arrives after is discarded. It listens for the cancel only
	 * once the exchange has run a tick ({@link LateListener}): most exchanges end sooner.
	 */
	private final class ScopeBound extends LateListener implements CoreSubscriber<ClientResponse>, Subscription {

		private final CoreSubscriber<? super ClientResponse> actual;

		private final ClientRequest request;

		/**
		 * The subscriber's context without the scope, for the exchange below: nothing there
		 * needs it, and the connector makes its own contexts from this one a few times per
		 * call. With the scope they would be one entry larger, and Reactor builds a
		 * {@code String} per key whenever it makes a context of four or five entries.
		 */
		private final Context context;

		private @Nullable Subscription upstream;

		ScopeBound(CoreSubscriber<? super ClientResponse> actual, RequestScope scope, ClientRequest request) {
			super(scope);
			this.actual = actual;
			this.request = request;
			this.context = actual.currentContext().delete(RequestScope.class);
		}

		@Override
		public Context currentContext() {
			return this.context;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			if (Operators.validate(this.upstream, subscription)) {
				this.upstream = subscription;
				this.actual.onSubscribe(this);
				begin(); // after an answer or a cancel within onSubscribe, it puts nothing in flight
			}
		}

		@Override
		public void onNext(ClientResponse response) {
			if (end()) {
				this.actual.onNext(response);
				this.actual.onComplete();
			}
			else {
				Operators.onDiscard(response, this.actual.currentContext());
			}
		}

		@Override
		public void onError(Throwable error) {
			if (end()) {
				this.actual.onError(error);
			}
			else {
				Operators.onErrorDropped(error, this.actual.currentContext());
			}
		}

		@Override
		public void onComplete() {
			if (end()) {
				this.actual.onComplete();
			}
		}

		@Override
		protected void cancelled(CancelCause cause) {
			if (end()) {
				Subscription upstream = this.upstream;
				if (upstream != null) {
					upstream.cancel();
				}
				this.actual.onError(failure(this.request, cause));
			}
		}

		@Override
		public void request(long n) {
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.request(n);
			}
		}

		@Override
		public void cancel() {
			end();
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.cancel();
			}
		}

	}

}
