package dev.leakguard.context;

import dev.leakguard.scope.RequestScope;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Carries the current {@link RequestScope} with Micrometer's context-propagation, so
 * Reactor's automatic context propagation and Spring's {@code ContextPropagatingTaskDecorator}
 * take it across threads like any other thread-local. Registered through
 * {@code META-INF/services}; without context-propagation on the class path nothing loads
 * it. leakguard's own decorator still does the tracking; this only carries the scope.
 */
public final class RequestScopeThreadLocalAccessor implements ThreadLocalAccessor<RequestScope> {

	/** The key of the request scope in a captured context. */
	public static final String KEY = "leakguard.request-scope";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable RequestScope getValue() {
		return RequestScope.current();
	}

	@Override
	public void setValue(RequestScope value) {
		RequestScope.swapCurrent(value);
	}

	@Override
	public void setValue() {
		RequestScope.swapCurrent(null);
	}

}
