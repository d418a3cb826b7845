package dev.leakguard.autoconfigure;

import dev.leakguard.scope.RequestScope;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Opens a {@link RequestScope} for each WebFlux exchange and puts it in the Reactor
 * context under the {@code RequestScope} class, where leakguard's WebClient filter finds
 * it. The scope ends when the exchange's response completes.
 */
final class RequestScopeWebFilter implements WebFilter {

	private final RequestScopes scopes;

	RequestScopeWebFilter(RequestScopes scopes) {
		this.scopes = scopes;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return Mono.defer(() -> {
			RequestScope scope = RequestScope.create(this.scopes.timeout(exchange.getRequest().getHeaders()::getFirst));
			return chain.filter(exchange)
				.doFinally((signal) -> this.scopes.ended(scope))
				.contextWrite((context) -> context.put(RequestScope.class, scope));
		});
	}

}
