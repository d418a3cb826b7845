package dev.leakguard.autoconfigure;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Opens a {@link RequestScope} for each reactive HTTP exchange and puts it in the Reactor
 * context under the {@code RequestScope} class, where leakguard's WebClient filter finds
 * it; the scope ends when the exchange completes, fails or is cancelled. It wraps the
 * whole {@link HttpHandler}, outside every {@code WebFilter}, so filters such as Spring
 * Security's run inside the scope too, and it is one subscriber per exchange: a
 * {@code WebFilter} costs a checkpoint operator and its name as a new string on every
 * exchange in Spring's filter chain, and deferring, ending on any signal and writing the
 * context a publisher and a subscriber each.
 */
final class RequestScopeHttpHandler implements HttpHandler {

	private final HttpHandler delegate;

	private final RequestScopes scopes;

	RequestScopeHttpHandler(HttpHandler delegate, RequestScopes scopes) {
		this.delegate = delegate;
		this.scopes = scopes;
	}

	/**
	 * Decorates the application's {@code HttpHandler}, outermost but for decorators ordered
	 * before it.
	 * @param scopes the policy of the scopes it opens
	 * @return the decorator factory
	 */
	static HttpHandlerDecoratorFactory decorator(RequestScopes scopes) {
		return new Decorator(scopes);
	}

	@Override
	public Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		return new Scoped(request, response);
	}

	private static final class Decorator implements HttpHandlerDecoratorFactory, Ordered {

		private final RequestScopes scopes;

		Decorator(RequestScopes scopes) {
			this.scopes = scopes;
		}

		@Override
		public HttpHandler apply(HttpHandler handler) {
			return new RequestScopeHttpHandler(handler, this.scopes);
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE + 10; // as the servlet filter
		}

	}

	/** The exchange, handled in a scope opened when it is subscribed. */
	private final class Scoped extends Mono<Void> {

		private final ServerHttpRequest request;

		private final ServerHttpResponse response;

		Scoped(ServerHttpRequest request, ServerHttpResponse response) {
			this.request = request;
			this.response = response;
		}

		@Override
		public void subscribe(CoreSubscriber<? super Void> actual) {
			RequestScopes scopes = RequestScopeHttpHandler.this.scopes;
			RequestScope scope;
			Mono<Void> handled;
			try {
				scope = RequestScope.create(scopes.timeout(this.request.getHeaders()::getFirst));
			}
			catch (RuntimeException ex) {
				Operators.error(actual, ex);
				return;
			}
			try {
				handled = RequestScopeHttpHandler.this.delegate.handle(this.request, this.response);
			}
			catch (RuntimeException ex) {
				scopes.ended(scope);
				Operators.error(actual, ex);
				return;
			}
			handled.subscribe(new ScopeEnding(actual, scope, scopes));
		}

	}

	/**
	 * Passes every signal on, with the scope in the context it gives upstream, and ends the
	 * scope once, after the exchange completed or failed, or when it is cancelled.
	 */
	private static final class ScopeEnding implements CoreSubscriber<Void>, Subscription {

		private static final AtomicIntegerFieldUpdater<ScopeEnding> ENDED = AtomicIntegerFieldUpdater
			.newUpdater(ScopeEnding.class, "ended");

		private final CoreSubscriber<? super Void> actual;

		private final RequestScope scope;

		private final RequestScopes scopes;

		private final Context context;

		private @Nullable Subscription upstream;

		private volatile int ended;

		ScopeEnding(CoreSubscriber<? super Void> actual, RequestScope scope, RequestScopes scopes) {
			this.actual = actual;
			this.scope = scope;
			this.scopes = scopes;
			this.context = actual.currentContext().put(RequestScope.class, scope);
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
			}
		}

		@Override
		public void onNext(Void value) {
			this.actual.onNext(value);
		}

		@Override
		public void onError(Throwable error) {
			try {
				this.actual.onError(error);
			}
			finally {
				end();
			}
		}

		@Override
		public void onComplete() {
			try {
				this.actual.onComplete();
			}
			finally {
				end();
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
			try {
				Subscription upstream = this.upstream;
				if (upstream != null) {
					upstream.cancel();
				}
			}
			finally {
				end();
			}
		}

		private void end() {
			if (ENDED.compareAndSet(this, 0, 1)) {
				this.scopes.ended(this.scope);
			}
		}

	}

}
