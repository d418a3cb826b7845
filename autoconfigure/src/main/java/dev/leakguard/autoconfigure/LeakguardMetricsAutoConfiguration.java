package dev.leakguard.autoconfigure;

import dev.leakguard.baseline.BaselineAnalyzer;
import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.metrics.HttpClientDeadlineMetrics;
import dev.leakguard.metrics.LeakguardMeterBinder;
import dev.leakguard.snapshot.VirtualThreadCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * leakguard's meters, bound to every {@link MeterRegistry}.
 */
@AutoConfiguration(after = LeakguardAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBooleanProperty(name = "leakguard.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(TaskRegistry.class)
public final class LeakguardMetricsAutoConfiguration {

	@Bean
	LeakguardMeterBinder leakguardMeterBinder(TaskRegistry tasks, BaselineAnalyzer analyzer,
			ObjectProvider<VirtualThreadCounter> virtualThreads) {
		return new LeakguardMeterBinder(tasks, analyzer, LeakguardAutoConfiguration.counting(virtualThreads));
	}

	@Bean
	@ConditionalOnBean(MeterRegistry.class)
	HttpClientDeadlineMetrics leakguardHttpClientDeadlineMetrics(MeterRegistry registry) {
		return new HttpClientDeadlineMetrics(registry);
	}

}
