package dev.leakguard.autoconfigure;

import dev.leakguard.http.ReadTimeoutRequestFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * Fills the connect and read timeouts of Boot's {@link HttpClientSettings} (used by the
 * RestClient, RestTemplate and WebClient builders) where {@code spring.http.clients.*}
 * leaves them unset, so no client built by Boot can wait forever. The JDK request factory's
 * read timeout is kept by leakguard's timer instead of Spring's, which costs a filled-in
 * stack trace per call ({@link ReadTimeoutRequestFactory}).
 */
final class HttpClientTimeoutsPostProcessor implements BeanPostProcessor, EnvironmentAware {

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
		return (settings) -> ReadTimeoutRequestFactory.of(builder.build(settings),
				(settings != null) ? settings.readTimeout() : null);
	}

}
