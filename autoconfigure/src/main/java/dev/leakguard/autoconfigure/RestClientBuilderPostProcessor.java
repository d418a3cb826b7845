package dev.leakguard.autoconfigure;

import dev.leakguard.http.RestClientDeadlines;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.client.RestClient;

/**
 * Hands out Boot's RestClient builders, which leakguard's customizer gave a deadline
 * interceptor, as builders that move the deadline into the request factory each time they
 * build ({@link RestClientDeadlines#movingOnBuild}).
 */
final class RestClientBuilderPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof RestClient.Builder builder) {
			return RestClientDeadlines.movingOnBuild(builder);
		}
		return bean;
	}

}
