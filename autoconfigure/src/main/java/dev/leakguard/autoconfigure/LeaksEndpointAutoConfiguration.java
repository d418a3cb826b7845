package dev.leakguard.autoconfigure;

import dev.leakguard.baseline.BaselineAnalyzer;
import dev.leakguard.baseline.DrainedSites;
import dev.leakguard.endpoint.LeaksEndpoint;
import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.snapshot.Baselines;
import dev.leakguard.snapshot.ThreadSnapshots;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Bean;

/**
 * The {@code leaks} actuator endpoint. Exposed over the web only when the application
 * includes it in {@code management.endpoints.web.exposure.include}.
 */
@AutoConfiguration(after = LeakguardAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "leakguard.enabled", matchIfMissing = true)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ThreadSnapshots.class)
@ConditionalOnAvailableEndpoint(LeaksEndpoint.class)
public final class LeaksEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LeaksEndpoint leaksEndpoint(ThreadSnapshots snapshots, Baselines baselines, TaskRegistry tasks,
			BaselineAnalyzer analyzer, DrainedSites drained) {
		return new LeaksEndpoint(snapshots, baselines, tasks, analyzer, drained);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(FilterRegistrationBean.class)
	static class ServletHeadersConfiguration {

		@Bean
		FilterRegistrationBean<LeaksEndpointHeadersFilter> leakguardLeaksEndpointHeadersFilter(
				ObjectProvider<PathMappedEndpoints> endpoints) {
			FilterRegistrationBean<LeaksEndpointHeadersFilter> registration = new FilterRegistrationBean<>(
					new LeaksEndpointHeadersFilter());
			PathMappedEndpoints mapped = endpoints.getIfAvailable();
			String path = (mapped != null) ? mapped.getPath(EndpointId.of("leaks")) : null;
			if (path == null) {
				registration.setEnabled(false); // not exposed over HTTP
			}
			else {
				registration.addUrlPatterns(path, path + "/*");
			}
			return registration;
		}

	}

}
