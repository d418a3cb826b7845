package dev.leakguard.autoconfigure;

import java.io.IOException;

import dev.leakguard.scope.RequestScope;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Opens a {@link RequestScope} around each servlet request; an async request's scope
 * ends when the async work completes.
 */
final class RequestScopeFilter extends OncePerRequestFilter {

	private final RequestScopes scopes;

	RequestScopeFilter(RequestScopes scopes) {
		this.scopes = scopes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestScope scope = RequestScope.create(this.scopes.timeout(request::getHeader));
		boolean async = false;
		try (RequestScope.Binding binding = scope.enter()) {
			chain.doFilter(request, response);
			async = request.isAsyncStarted();
			if (async) {
				request.getAsyncContext().addListener(new EndOnComplete(scope));
			}
		}
		finally {
			if (!async) {
				this.scopes.ended(scope);
			}
		}
	}

	private final class EndOnComplete implements AsyncListener {

		private final RequestScope scope;

		EndOnComplete(RequestScope scope) {
			this.scope = scope;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			RequestScopeFilter.this.scopes.ended(this.scope);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}
