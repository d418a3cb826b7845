package dev.leakguard.autoconfigure;

import java.io.IOException;

import dev.leakguard.scope.RequestScope;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Opens a {@link RequestScope} around each servlet request; an async request's scope
 * ends when the async work completes. Registered for the {@code REQUEST} dispatch only, so
 * a plain filter: {@code OncePerRequestFilter}'s guard against a second pass (a request
 * attribute set and removed, its name concatenated anew on every request) has nothing to
 * guard.
 */
final class RequestScopeFilter implements Filter {

	private final RequestScopes scopes;

	RequestScopeFilter(RequestScopes scopes) {
		this.scopes = scopes;
	}

	@Override
	public void doFilter(ServletRequest servletRequest, ServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!(servletRequest instanceof HttpServletRequest request)) {
			chain.doFilter(servletRequest, response);
			return;
		}
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
