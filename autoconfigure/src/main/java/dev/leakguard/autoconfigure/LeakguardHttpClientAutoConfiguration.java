package dev.leakguard.autoconfigure;

import java.time.Duration;

import dev.leakguard.http.ApacheDeadlineContext;
import dev.leakguard.http.ApacheDeadlineHandler;
import dev.leakguard.http.DeadlineExceededListener;
import dev.leakguard.http.DeadlineExchangeFilter;
import dev.leakguard.http.DeadlineHosts;
import dev.leakguard.http.DeadlineInterceptor;
import dev.leakguard.http.ReactorResponseTimeout;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer;
import org.springframework.boot.http.client.reactive.ReactorClientHttpConnectorBuilder;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * Mandatory timeouts and request deadlines for RestClient, RestTemplate and WebClient.
 */
@AutoConfiguration(after = LeakguardMetricsAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "leakguard.enabled", matchIfMissing = true)
@ConditionalOnClass(ClientHttpRequestInterceptor.class)
@EnableConfigurationProperties(LeakguardProperties.class)
public final class LeakguardHttpClientAutoConfiguration {

	@Bean
	static UnbuiltHttpClientsPostProcessor leakguardUnbuiltHttpClientsPostProcessor(
			ObjectProvider<DeadlineExceededListener> listener) {
		return new UnbuiltHttpClientsPostProcessor(listener);
	}

	static DeadlineHosts hosts(LeakguardProperties properties) {
		return DeadlineHosts.of(properties.getHttp().getPropagateDeadlineTo());
	}

	/**
	 * How long a call made outside any request may take: the given connect and read
	 * timeouts (Boot's client settings), leakguard's own where those are unset. No
	 * {@code HttpClientSettings} in this class's signatures: it must load without Boot's
	 * HTTP client module.
	 */
	static Duration callBound(LeakguardProperties properties, @Nullable Duration connectTimeout,
			@Nullable Duration readTimeout) {
		Duration connect = (connectTimeout != null) ? connectTimeout : properties.getHttp().getConnectTimeout();
		Duration read = (readTimeout != null) ? readTimeout : properties.getHttp().getReadTimeout();
		return connect.plus(read);
	}

	private static DeadlineExceededListener listener(ObjectProvider<DeadlineExceededListener> listener) {
		return listener.getIfAvailable(() -> DeadlineExceededListener.NONE);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HttpClientSettings.class)
	static class TimeoutsConfiguration {

		@Bean
		static HttpClientTimeoutsPostProcessor leakguardHttpClientTimeoutsPostProcessor() {
			return new HttpClientTimeoutsPostProcessor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ HttpClientSettings.class, HttpClientBuilder.class })
	static class ApacheHttpClientConfiguration {

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> leakguardApacheDeadlineCustomizer(
				ObjectProvider<HttpClientSettings> settings, LeakguardProperties properties) {
			return (builder) -> builder
				.withHttpClientCustomizer((httpClient) -> httpClient.addExecInterceptorFirst(ApacheDeadlineHandler.NAME,
						new ApacheDeadlineHandler()))
				.withCustomizer((factory) -> factory.setHttpContextFactory(new ApacheDeadlineContext(
						readTimeout(settings.getIfAvailable(), properties.getHttp().getReadTimeout()))));
		}

		private static Duration readTimeout(@Nullable HttpClientSettings settings, Duration fallback) {
			return (settings != null && settings.readTimeout() != null) ? settings.readTimeout() : fallback;
		}

	}

	/**
	 * Reactor Netty's response timeout (Boot's read timeout) kept once per connection for
	 * the WebClient connector Boot builds: Reactor Netty's own adds and removes a pipeline
	 * handler per call. The RestClient/RestTemplate factory, which Boot gives its read
	 * timeout after any customizer ran, is built so by {@link HttpClientTimeoutsPostProcessor}.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.http.client.autoconfigure.reactive.ClientHttpConnectorBuilderCustomizer",
			"reactor.netty.http.client.HttpClient" })
	static class ReactorNettyConfiguration {

		@Bean
		ClientHttpConnectorBuilderCustomizer<ReactorClientHttpConnectorBuilder> leakguardReactorResponseTimeout() {
			return (builder) -> builder.withHttpClientCustomizer(ReactorResponseTimeout::keptByLeakguard);
		}

	}

	/** The call bound from Boot's client settings; loaded only where that module is. */
	static final class SettingsBound {

		private SettingsBound() {
		}

		static Duration of(LeakguardProperties properties, @Nullable HttpClientSettings settings) {
			return callBound(properties, (settings != null) ? settings.connectTimeout() : null,
					(settings != null) ? settings.readTimeout() : null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class RestClientConfiguration {

		@Bean
		static RestClientBuilderPostProcessor leakguardRestClientBuilderPostProcessor() {
			return new RestClientBuilderPostProcessor();
		}

		@Bean
		RestClientCustomizer leakguardRestClientCustomizer(ObjectProvider<DeadlineExceededListener> listener,
				ObjectProvider<HttpClientSettings> settings, LeakguardProperties properties) {
			return (builder) -> builder.requestInterceptor(new DeadlineInterceptor("restclient", listener(listener),
					hosts(properties), SettingsBound.of(properties, settings.getIfAvailable())));
		}

		@Bean
		RestTemplateCustomizer leakguardRestTemplateCustomizer(ObjectProvider<DeadlineExceededListener> listener,
				ObjectProvider<HttpClientSettings> settings, LeakguardProperties properties) {
			return (restTemplate) -> restTemplate.getInterceptors()
				.add(new DeadlineInterceptor("resttemplate", listener(listener), hosts(properties),
						SettingsBound.of(properties, settings.getIfAvailable())));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebClientCustomizer.class)
	static class WebClientConfiguration {

		@Bean
		WebClientCustomizer leakguardWebClientCustomizer(ObjectProvider<DeadlineExceededListener> listener,
				ObjectProvider<HttpClientSettings> settings, LeakguardProperties properties) {
			return (builder) -> builder.filter(new DeadlineExchangeFilter(listener(listener), hosts(properties),
					SettingsBound.of(properties, settings.getIfAvailable())));
		}

	}

}
