package dev.leakguard.autoconfigure;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.leakguard.baseline.BaselineAnalyzer;
import dev.leakguard.baseline.BaselineSampler;
import dev.leakguard.baseline.Series;
import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.snapshot.Baselines;
import dev.leakguard.snapshot.ThreadDumper;
import dev.leakguard.snapshot.ThreadSnapshots;
import dev.leakguard.snapshot.VirtualThreadCounter;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Request scopes, executor tracking, thread snapshots and the baseline analysis.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "leakguard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LeakguardProperties.class)
public final class LeakguardAutoConfiguration {

	/** How long a thread snapshot is served again to the next caller. */
	private static final Duration SNAPSHOT_MAX_AGE = Duration.ofMillis(500);

	/** How many saved baselines are kept. */
	private static final int BASELINE_CAPACITY = 32;

	@Bean
	@ConditionalOnMissingBean
	TaskRegistry leakguardTaskRegistry(LeakguardProperties properties) {
		return new TaskRegistry(properties.getTasks().getMaxCallSites());
	}

	@Bean
	static ExecutorTrackingPostProcessor leakguardExecutorTrackingPostProcessor(
			ObjectProvider<TaskRegistry> registry) {
		return new ExecutorTrackingPostProcessor(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	ThreadSnapshots leakguardThreadSnapshots(LeakguardProperties properties) {
		return new ThreadSnapshots(ThreadDumper.best(), SNAPSHOT_MAX_AGE, properties.getBaseline().getWindow(),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	Baselines leakguardBaselines() {
		return new Baselines(BASELINE_CAPACITY);
	}

	@Bean(destroyMethod = "close")
	@Nullable VirtualThreadCounter leakguardVirtualThreadCounter() {
		return VirtualThreadCounter.startIfSupported();
	}

	@Bean
	@ConditionalOnMissingBean
	BaselineAnalyzer leakguardBaselineAnalyzer(LeakguardProperties properties) {
		return new BaselineAnalyzer(properties.getBaseline().getWindow());
	}

	@Bean(destroyMethod = "close")
	BaselineSampler leakguardBaselineSampler(BaselineAnalyzer analyzer, TaskRegistry tasks,
			ObjectProvider<VirtualThreadCounter> virtualThreads, LeakguardProperties properties) {
		VirtualThreadCounter virtual = virtualThreads.getIfAvailable();
		return new BaselineSampler(analyzer, () -> sample(tasks, virtual), properties.getBaseline().getSampleInterval(),
				Clock.systemUTC());
	}

	private static Map<String, Long> sample(TaskRegistry tasks, @Nullable VirtualThreadCounter virtual) {
		Map<String, Long> sample = new HashMap<>();
		sample.put(Series.PLATFORM_THREADS, (long) ManagementFactory.getThreadMXBean().getThreadCount());
		if (virtual != null) {
			sample.put(Series.VIRTUAL_THREADS, virtual.live());
		}
		for (SiteTasks site : tasks.sites()) {
			sample.merge(Series.tasks(site.callSite()), (long) site.active(), Long::sum);
		}
		return sample;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(FilterRegistrationBean.class)
	static class ServletRequestScopeConfiguration {

		@Bean
		FilterRegistrationBean<RequestScopeFilter> leakguardRequestScopeFilter(LeakguardProperties properties) {
			FilterRegistrationBean<RequestScopeFilter> registration = new FilterRegistrationBean<>(
					new RequestScopeFilter(new RequestScopes(properties)));
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	static class ReactiveRequestScopeConfiguration {

		@Bean
		RequestScopeWebFilter leakguardRequestScopeWebFilter(LeakguardProperties properties) {
			return new RequestScopeWebFilter(new RequestScopes(properties));
		}

	}

}
