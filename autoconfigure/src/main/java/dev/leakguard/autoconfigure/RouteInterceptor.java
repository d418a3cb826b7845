package dev.leakguard.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.leakguard.scope.RequestScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Names the current scope's route, {@code GET /prices/{id}}, once Spring MVC matched the
 * request: it labels orphaned work and keys the call-site cache. Never the raw URI, so
 * the number of routes stays that of the application's mappings.
 */
final class RouteInterceptor implements HandlerInterceptor {

	private static final int MAX_ROUTES = 4096;

	/** One string per route, built once: the call-site cache hashes it on every submit. */
	private final Map<Route, String> names = new ConcurrentHashMap<>();

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		RequestScope scope = RequestScope.current();
		if (scope != null && scope.route() == null) {
			Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			if (pattern != null) {
				scope.setRoute(name(request.getMethod(), pattern.toString()));
			}
		}
		return true;
	}

	private String name(String method, String pattern) {
		Route route = new Route(method, pattern);
		String name = this.names.get(route);
		if (name == null) {
			name = method + " " + pattern;
			if (this.names.size() < MAX_ROUTES) {
				this.names.putIfAbsent(route, name);
			}
		}
		return name;
	}

	/**
	 * A route's key. Not a record: a record's {@code equals} and {@code hashCode} go
	 * through {@code invokedynamic}, slow until compiled, and this runs on every request.
	 */
	private static final class Route {

		private final String method;

		private final String pattern;

		Route(String method, String pattern) {
			this.method = method;
			this.pattern = pattern;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Route route && this.method.equals(route.method) && this.pattern.equals(route.pattern);
		}

		@Override
		public int hashCode() {
			return 31 * this.method.hashCode() + this.pattern.hashCode();
		}

	}

}
