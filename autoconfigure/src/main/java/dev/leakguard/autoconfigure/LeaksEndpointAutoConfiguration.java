package dev.leakguard.autoconfigure;

import dev.leakguard.baseline.BaselineAnalyzer;
import dev.leakguard.endpoint.LeaksEndpoint;
import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.snapshot.Baselines;
import dev.leakguard.snapshot.ThreadSnapshots;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
			BaselineAnalyzer analyzer) {
		return new LeaksEndpoint(snapshots, baselines, tasks, analyzer);
	}

}
