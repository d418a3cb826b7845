package dev.leakguard.autoconfigure;

import java.time.Duration;

import dev.leakguard.http.ReactorResponseTimeout;
import dev.leakguard.http.ReadTimeoutRequestFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.ReactorClientHttpRequestFactoryBuilder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.ClassUtils;

/**
 * Fills the connect and read timeouts of Boot's {@link HttpClientSettings} (used by the
 * RestClient, RestTemplate and WebClient builders) where {@code spring.http.clients.*}
 * leaves them unset, so no client built by Boot can wait forever. The read timeouts of the
 * JDK and Reactor Netty request factories are kept by leakguard instead of by the factory:
 * Spring's JDK one fills in stack traces per call ({@link ReadTimeoutRequestFactory}, kept
 * on leakguard's timer), Reactor Netty's adds a pipeline handler per call
 * ({@link ReactorResponseTimeout}, kept once per connection).
 */
final class HttpClientTimeoutsPostProcessor implements BeanPostProcessor, EnvironmentAware {

	private static final boolean REACTOR_NETTY = ClassUtils.isPresent("reactor.netty.http.client.HttpClient",
			HttpClientTimeoutsPostProcessor.class.getClassLoader());

	private LeakguardProperties.Http http = new LeakguardProperties.Http();

	@Override
	public void setEnvironment(Environment environment) {
		// a post-processor is created too early to be given the bound properties bean
		this.http = Binder.get(environment).bindOrCreate("leakguard", LeakguardProperties.class).getHttp();
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HttpClientSettings settings) {
			HttpClientSettings filled = settings;
			if (settings.connectTimeout() == null) {
				filled = filled.withConnectTimeout(this.http.getConnectTimeout());
			}
			if (settings.readTimeout() == null) {
				filled = filled.withReadTimeout(this.http.getReadTimeout());
			}
			return filled;
		}
		if (bean instanceof ClientHttpRequestFactoryBuilder<?> builder) {
			return readTimeoutByLeakguard(builder);
		}
		return bean;
	}

	private static ClientHttpRequestFactoryBuilder<ClientHttpRequestFactory> readTimeoutByLeakguard(
			ClientHttpRequestFactoryBuilder<?> builder) {
		return (settings) -> {
			Duration readTimeout = (settings != null) ? settings.readTimeout() : null;
			if (readTimeout != null && REACTOR_NETTY && ReactorFactories.accepts(builder)) {
				return ReactorFactories.build(builder, settings, readTimeout);
			}
			return ReadTimeoutRequestFactory.of(builder.build(settings), readTimeout);
		};
	}

	/**
	 * Reactor Netty's factory, built without the read timeout Boot would set on it per call
	 * ({@code setReadTimeout}, a response timeout) and given leakguard's instead. Loaded only
	 * where Reactor Netty is.
	 */
	private static final class ReactorFactories {

		private ReactorFactories() {
		}

		static boolean accepts(ClientHttpRequestFactoryBuilder<?> builder) {
			return builder instanceof ReactorClientHttpRequestFactoryBuilder;
		}

		static ClientHttpRequestFactory build(ClientHttpRequestFactoryBuilder<?> builder, HttpClientSettings settings,
				Duration readTimeout) {
			return ((ReactorClientHttpRequestFactoryBuilder) builder)
				.withHttpClientCustomizer((client) -> ReactorResponseTimeout.keptByLeakguard(client, readTimeout))
				.build(settings.withReadTimeout(null));
		}

	}

}
