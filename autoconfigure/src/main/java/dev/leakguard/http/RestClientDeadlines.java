package dev.leakguard.http;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.client.RestClient;

/**
 * Moves the deadline of a RestClient from its {@link DeadlineInterceptor} into its request
 * factory ({@link DeadlineRequestFactory}), where the builder's request factory can be
 * read: a RestClient with any interceptor runs every call through Spring's intercepting
 * request, which cost Reactor Netty calls ~2 % of their CPU time on top of the guard
 * itself. RestClient.Builder has no getter for its request factory, so it is read from
 * Spring's builder ({@code DefaultRestClientBuilder.requestFactory}), and a builder left
 * with no interceptor gets no list of them ({@code interceptors}: Spring intercepts every
 * call of a client given an empty list too); where these fields cannot be reached
 * (another builder, a runtime that forbids the access, no factory chosen yet) the
 * interceptor stays and guards as before.
 */
public final class RestClientDeadlines {

	/** Spring's builder, whose fields are read. */
	private static final Class<?> SPRING_BUILDER = RestClient.builder().getClass();

	private static final @Nullable Field REQUEST_FACTORY = builderField("requestFactory", ClientHttpRequestFactory.class);

	private static final @Nullable Field INTERCEPTORS = builderField("interceptors", List.class);

	private RestClientDeadlines() {
	}

	/**
	 * Moves the builder's deadline interceptor into its request factory, if both are there
	 * and the factory can be read; removes the interceptor if the factory keeps the deadline
	 * already.
	 * @param builder a builder, changed in place
	 * @return whether the builder's calls keep the deadline without an interceptor
	 */
	public static boolean moveToRequestFactory(RestClient.Builder builder) {
		if (!readable(builder)) {
			return false;
		}
		ClientHttpRequestFactory factory = (ClientHttpRequestFactory) ReflectionUtils.getField(REQUEST_FACTORY, builder);
		List<?> interceptors = interceptors(builder);
		if (!(factory instanceof DeadlineRequestFactory)) {
			DeadlineInterceptor interceptor = deadlineInterceptor(interceptors);
			if (factory == null || interceptor == null) {
				return false;
			}
			builder.requestFactory(new DeadlineRequestFactory(factory, interceptor.guard()));
		}
		if (interceptors != null) {
			interceptors.removeIf(DeadlineInterceptor.class::isInstance);
			if (interceptors.isEmpty()) { // an empty list, unlike none, still has Spring intercept every call
				ReflectionUtils.setField(INTERCEPTORS, builder, null);
			}
		}
		return true;
	}

	/**
	 * A builder that, each time it builds, moves the deadline into the request factory it
	 * holds then (see {@link #moveToRequestFactory}), on a copy of itself: a factory set
	 * after this call, the app's own included, is guarded too.
	 * @param builder the builder, with its deadline interceptor
	 * @return the builder to hand out: this one where it has no deadline interceptor or
	 * its fields cannot be read
	 */
	public static RestClient.Builder movingOnBuild(RestClient.Builder builder) {
		if (!readable(builder) || deadlineInterceptor(interceptors(builder)) == null) {
			return builder;
		}
		return OnBuild.proxy(builder);
	}

	/** The builder's own list, read without {@code requestInterceptors}, which would make one. */
	private static @Nullable List<?> interceptors(RestClient.Builder builder) {
		return (List<?>) ReflectionUtils.getField(INTERCEPTORS, builder);
	}

	private static @Nullable DeadlineInterceptor deadlineInterceptor(@Nullable List<?> interceptors) {
		if (interceptors != null) {
			for (Object interceptor : interceptors) {
				if (interceptor instanceof DeadlineInterceptor deadline) {
					return deadline;
				}
			}
		}
		return null;
	}

	private static boolean readable(RestClient.Builder builder) {
		return REQUEST_FACTORY != null && INTERCEPTORS != null && builder.getClass() == SPRING_BUILDER;
	}

	private static @Nullable Field builderField(String name, Class<?> type) {
		try {
			Field field = ReflectionUtils.findField(SPRING_BUILDER, name, type);
			if (field != null) {
				ReflectionUtils.makeAccessible(field);
			}
			return field;
		}
		catch (RuntimeException ex) { // a module that does not open it
			return null;
		}
	}

	/** Hands every call to Spring's builder but {@code build}, {@code clone} and {@code apply}. */
	private static final class OnBuild implements InvocationHandler {

		private final RestClient.Builder delegate;

		private OnBuild(RestClient.Builder delegate) {
			this.delegate = delegate;
		}

		static RestClient.Builder proxy(RestClient.Builder delegate) {
			return (RestClient.Builder) Proxy.newProxyInstance(RestClient.Builder.class.getClassLoader(),
					new Class<?>[] { RestClient.Builder.class }, new OnBuild(delegate));
		}

		@Override
		@SuppressWarnings("unchecked")
		public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
			int arity = (args != null) ? args.length : 0;
			switch (method.getName()) {
				case "build":
					if (arity == 0) {
						RestClient.Builder copy = this.delegate.clone();
						return moveToRequestFactory(copy) ? copy.build() : this.delegate.build();
					}
					break;
				case "clone":
					if (arity == 0) {
						return proxy(this.delegate.clone());
					}
					break;
				case "apply":
					if (arity == 1) { // the consumer is given this builder, not Spring's
						((Consumer<RestClient.Builder>) args[0]).accept((RestClient.Builder) proxy);
						return proxy;
					}
					break;
				case "equals":
					if (arity == 1) {
						return proxy == args[0];
					}
					break;
				case "hashCode":
					if (arity == 0) {
						return System.identityHashCode(proxy);
					}
					break;
				default:
			}
			try {
				Object result = method.invoke(this.delegate, args);
				return (result == this.delegate) ? proxy : result;
			}
			catch (InvocationTargetException ex) {
				throw ex.getTargetException();
			}
		}

	}

}
