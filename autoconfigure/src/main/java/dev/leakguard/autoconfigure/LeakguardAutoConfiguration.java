package dev.leakguard.autoconfigure;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.leakguard.baseline.BaselineAnalyzer;
import dev.leakguard.baseline.BaselineSampler;
import dev.leakguard.baseline.DrainedSites;
import dev.leakguard.baseline.Series;
import dev.leakguard.executor.CallSites;
import dev.leakguard.executor.JfrThreadStarts;
import dev.leakguard.executor.ProvenLeaks;
import dev.leakguard.executor.ThreadStarts;
import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.scope.RequestScope;
import dev.leakguard.snapshot.Baselines;
import dev.leakguard.snapshot.ThreadDumper;
import dev.leakguard.snapshot.JfrVirtualThreadCounter;
import dev.leakguard.snapshot.ThreadSnapshots;
import dev.leakguard.snapshot.VirtualThreadCounter;
import jakarta.servlet.DispatcherType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnJava;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.system.JavaVersion;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Request scopes, executor tracking, thread snapshots and the baseline analysis.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "leakguard.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LeakguardProperties.class)
public final class LeakguardAutoConfiguration {

	private static final Log logger = LogFactory.getLog(LeakguardAutoConfiguration.class);

	/** How long a thread snapshot is served again to the next caller. */
	private static final Duration SNAPSHOT_MAX_AGE = Duration.ofMillis(500);

	/** How many saved baselines are kept. */
	private static final int BASELINE_CAPACITY = 32;

	/** How much the saved baselines may hold together, roughly. */
	private static final long BASELINE_MAX_BYTES = 32L * 1024 * 1024;

	@Bean
	@ConditionalOnMissingBean
	TaskRegistry leakguardTaskRegistry(LeakguardProperties properties, BeanFactory beanFactory) {
		List<String> applicationPackages = new ArrayList<>(properties.getCallSites().getApplicationPackages());
		if (AutoConfigurationPackages.has(beanFactory)) {
			applicationPackages.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		// -Djdk.trackAllThreads=false is the opt-in: only then can the garbage collector prove leaks
		ProvenLeaks proof = ProvenLeaks.jvmAllows() ? new ProvenLeaks() : null;
		if (proof != null) {
			logger.info("leakguard proves leaks of virtual threads: -Djdk.trackAllThreads=false is set");
		}
		return new TaskRegistry(properties.getTasks().getMaxCallSites(),
				new CallSites(applicationPackages, properties.getCallSites().getFrameworkPackages()), proof);
	}

	@Bean
	static ExecutorTrackingPostProcessor leakguardExecutorTrackingPostProcessor(
			ObjectProvider<TaskRegistry> registry) {
		return new ExecutorTrackingPostProcessor(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	ThreadSnapshots leakguardThreadSnapshots(LeakguardProperties properties, TaskRegistry tasks) {
		return new ThreadSnapshots(ThreadDumper.best(properties.getSnapshot().getDumpDirectory()), SNAPSHOT_MAX_AGE,
				properties.getBaseline().getWindow(), Clock.systemUTC(), tasks::runningThreads, () -> {
					ProvenLeaks proof = tasks.provenLeaks();
					return (proof != null) ? proof.liveThreads() : List.of();
				});
	}

	@Bean
	@ConditionalOnMissingBean
	Baselines leakguardBaselines() {
		return new Baselines(BASELINE_CAPACITY, BASELINE_MAX_BYTES);
	}

	@Bean
	@ConditionalOnMissingBean
	BaselineAnalyzer leakguardBaselineAnalyzer(LeakguardProperties properties) {
		return new BaselineAnalyzer(properties.getBaseline().getWindow(),
				properties.getBaseline().getSampleInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	DrainedSites leakguardDrainedSites() {
		return new DrainedSites();
	}

	@Bean(destroyMethod = "close")
	BaselineSampler leakguardBaselineSampler(BaselineAnalyzer analyzer, TaskRegistry tasks,
			ObjectProvider<VirtualThreadCounter> virtualThreads, LeakguardProperties properties,
			DrainedSites drained, ObjectProvider<ThreadStarts> threadStarts) {
		VirtualThreadCounter virtual = counting(virtualThreads);
		// a counter that exists but could not start JFR has said so itself
		if (virtualThreads.getIfAvailable() == null && properties.getThreads().getVirtual().isEnabled()) {
			logger.warn("leakguard does not count virtual threads: it needs JDK 21+ with the jdk.jfr module");
		}
		long sweepAfter = properties.getBaseline().getSampleInterval().toNanos();
		return new BaselineSampler(analyzer, () -> {
			ProvenLeaks proof = tasks.provenLeaks();
			if (proof != null) {
				proof.sweep(sweepAfter); // where long-running virtual threads park, should the GC prove them leaked
			}
			tasks.sweepFinishedPeriodic(); // TaskScheduler tickers cancelled through their own future
			ThreadStarts starts = threadStarts.getIfAvailable();
			if (starts != null) {
				starts.sweep();
			}
			return sample(tasks, virtual);
		}, properties.getBaseline().getSampleInterval(), Clock.systemUTC(), drained);
	}

	@Bean
	LeftoverTasksReporter leakguardLeftoverTasksReporter(TaskRegistry tasks) {
		return new LeftoverTasksReporter(tasks);
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> leakguardBaselineSamplerStart(BaselineSampler sampler) {
		return (event) -> sampler.start();
	}

	static @Nullable VirtualThreadCounter counting(ObjectProvider<VirtualThreadCounter> counters) {
		VirtualThreadCounter counter = counters.getIfAvailable();
		return (counter != null && counter.isCounting()) ? counter : null;
	}

	private static Map<String, Long> sample(TaskRegistry tasks, @Nullable VirtualThreadCounter virtual) {
		Map<String, Long> sample = new HashMap<>();
		sample.put(Series.PLATFORM_THREADS, (long) ManagementFactory.getThreadMXBean().getThreadCount());
		if (virtual != null) {
			sample.put(Series.VIRTUAL_THREADS, virtual.live());
		}
		for (SiteTasks site : tasks.sites()) {
			sample.merge(Series.tasks(site.tag()), (long) site.active(), Long::sum);
		}
		return sample;
	}

	/**
	 * Counts virtual threads from JFR events, only when asked: it costs every virtual
	 * thread start and end, and JFR may be missing from the runtime (jlink images,
	 * {@code --limit-modules}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("leakguard.threads.virtual.enabled")
	@ConditionalOnJava(JavaVersion.TWENTY_ONE)
	@ConditionalOnClass(name = "jdk.jfr.consumer.RecordingStream")
	static class VirtualThreadCounterConfiguration {

		private static final Log logger = LogFactory.getLog(VirtualThreadCounterConfiguration.class);

		@Bean(destroyMethod = "close")
		VirtualThreadCounter leakguardVirtualThreadCounter() {
			try {
				return JfrVirtualThreadCounter.start();
			}
			catch (RuntimeException ex) {
				logger.warn("leakguard does not count virtual threads: JFR could not start (" + ex + ")");
				return VirtualThreadCounter.UNAVAILABLE;
			}
		}

	}

	/**
	 * Counts threads started inside a request at the call site that started them, only
	 * when asked: it runs a JFR stream, and JFR may be missing from the runtime.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("leakguard.threads.created-by.enabled")
	@ConditionalOnClass(name = "jdk.jfr.consumer.RecordingStream")
	static class ThreadStartsConfiguration {

		private static final Log logger = LogFactory.getLog(ThreadStartsConfiguration.class);

		@Bean
		ThreadStarts leakguardThreadStarts(TaskRegistry tasks) {
			ThreadStarts starts = new ThreadStarts(tasks);
			RequestScope.onThreadCreated(starts::creatingInScope);
			return starts;
		}

		@Bean(destroyMethod = "close")
		AutoCloseable leakguardJfrThreadStarts(ThreadStarts starts) {
			try {
				return JfrThreadStarts.start(starts);
			}
			catch (RuntimeException ex) {
				logger.warn("leakguard does not attribute threads started in requests: JFR could not start (" + ex
						+ ")");
				return () -> {
				};
			}
		}

		@Bean
		DisposableBean leakguardThreadStartsHook() {
			return () -> {
				RequestScope.onThreadCreated(null);
				ThreadStarts.stopCounting();
			};
		}

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
			registration.setDispatcherTypes(DispatcherType.REQUEST); // not async or error dispatches
			return registration;
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(WebMvcConfigurer.class)
		static class RouteConfiguration {

			@Bean
			WebMvcConfigurer leakguardRouteConfigurer() {
				return new WebMvcConfigurer() {

					@Override
					public void addInterceptors(InterceptorRegistry registry) {
						registry.addInterceptor(new RouteInterceptor());
					}

					@Override
					public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
						resolvers.add(new DeadlineExceptionResolver());
					}

				};
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	static class ReactiveRequestScopeConfiguration {

		@Bean
		HttpHandlerDecoratorFactory leakguardRequestScopeHttpHandler(LeakguardProperties properties) {
			return RequestScopeHttpHandler.decorator(new RequestScopes(properties));
		}

	}

}
