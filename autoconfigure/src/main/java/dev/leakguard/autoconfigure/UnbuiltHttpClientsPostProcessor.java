package dev.leakguard.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.leakguard.http.DeadlineExceededListener;
import dev.leakguard.http.DeadlineExchangeFilter;
import dev.leakguard.http.DeadlineHosts;
import dev.leakguard.http.DeadlineInterceptor;
import dev.leakguard.http.RestClientDeadlines;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Covers client beans made without Boot's builders ({@code RestClient.create()},
 * {@code new RestTemplate()}, {@code WebClient.create()}): they get the request deadline
 * (fail fast, the header downstream, and an abort where their request factory honours an
 * interrupt: JDK, Reactor Netty, Jetty, any factory on a virtual thread, and WebClient).
 * Their timeouts are theirs to set, since leakguard cannot tell a default from a choice
 * there; a call made outside any request still gets leakguard's connect + read timeout
 * as its bound.
 */
final class UnbuiltHttpClientsPostProcessor implements BeanPostProcessor, EnvironmentAware {

	private static final boolean WEBCLIENT_PRESENT = ClassUtils.isPresent(
			"org.springframework.web.reactive.function.client.WebClient",
			UnbuiltHttpClientsPostProcessor.class.getClassLoader());

	private final ObjectProvider<DeadlineExceededListener> listener;

	private DeadlineHosts hosts = DeadlineHosts.ALL;

	private Duration callBound = LeakguardHttpClientAutoConfiguration.callBound(new LeakguardProperties(), null,
			null);

	UnbuiltHttpClientsPostProcessor(ObjectProvider<DeadlineExceededListener> listener) {
		this.listener = listener;
	}

	@Override
	public void setEnvironment(Environment environment) {
		// a post-processor is created too early to be given the bound properties bean
		LeakguardProperties properties = Binder.get(environment).bindOrCreate("leakguard", LeakguardProperties.class);
		this.hosts = LeakguardHttpClientAutoConfiguration.hosts(properties);
		this.callBound = LeakguardHttpClientAutoConfiguration.callBound(properties, null, null);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RestTemplate restTemplate && !hasDeadline(restTemplate.getInterceptors())) {
			restTemplate.getInterceptors().add(interceptor("resttemplate"));
		}
		else if (bean instanceof RestClient restClient) {
			RestClient.Builder builder = restClient.mutate().requestInterceptors((interceptors) -> {
				if (!hasDeadline(interceptors)) {
					interceptors.add(interceptor("restclient"));
				}
			});
			RestClientDeadlines.moveToRequestFactory(builder);
			return builder.build();
		}
		else if (WEBCLIENT_PRESENT && bean instanceof WebClient webClient) {
			return webClient.mutate().filters(this::addFilter).build();
		}
		return bean;
	}

	private void addFilter(List<ExchangeFilterFunction> filters) {
		if (filters.stream().noneMatch(DeadlineExchangeFilter.class::isInstance)) {
			filters.add(new DeadlineExchangeFilter(listener(), this.hosts, this.callBound));
		}
	}

	private DeadlineInterceptor interceptor(String client) {
		return new DeadlineInterceptor(client, listener(), this.hosts, this.callBound);
	}

	private DeadlineExceededListener listener() {
		return this.listener.getIfAvailable(() -> DeadlineExceededListener.NONE);
	}

	private static boolean hasDeadline(List<ClientHttpRequestInterceptor> interceptors) {
		return interceptors.stream().anyMatch(DeadlineInterceptor.class::isInstance);
	}

}
