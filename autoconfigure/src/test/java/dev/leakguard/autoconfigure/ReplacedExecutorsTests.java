package dev.leakguard.autoconfigure;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.leakguard.executor.CallSites;
import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Executor beans leakguard replaces by a tracking subclass keep their configuration, are
 * the beans everyone gets, and are shut down with the context: Spring destroys the
 * instance it created, not the one a post-processor returned, so the replacement needs
 * its own hook.
 */
class ReplacedExecutorsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class, LeakguardAutoConfiguration.class))
		.withPropertyValues("spring.task.execution.pool.core-size=3", "spring.task.execution.thread-name-prefix=work-");

	/**
	 * Boot's {@code applicationTaskExecutor} is tracked without a {@code TaskDecorator}:
	 * with one, Spring keeps a weakly referenced entry per task, which cost more than
	 * leakguard's own tracking on the fan-out benchmark.
	 */
	@Test
	void applicationTaskExecutorIsTrackedWithoutADecoratorAndShutDownWithTheContext() throws Exception {
		AtomicReference<ThreadPoolTaskExecutor> executor = new AtomicReference<>();
		this.runner.run((context) -> {
			ThreadPoolTaskExecutor bean = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			executor.set(bean);
			assertThat(bean).isInstanceOf(TrackingThreadPoolTaskExecutor.class);
			assertThat(bean.getCorePoolSize()).isEqualTo(3);
			assertThat(bean.getThreadNamePrefix()).isEqualTo("work-");
			assertThat(decorator(bean)).isNull();
			String thread = bean.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
			assertThat(thread).startsWith("work-1");
			SiteTasks site = context.getBean(TaskRegistry.class)
				.sites()
				.stream()
				.filter((candidate) -> candidate.executor().equals("applicationTaskExecutor"))
				.findFirst()
				.orElseThrow();
			// this test's own frames are leakguard's package, skipped: the runner's frame submits here
			assertThat(site.callSite()).isNotEqualTo(CallSites.UNKNOWN);
			assertThat(site.submitted()).isEqualTo(1);
		});
		assertThat(executor.get().getThreadPoolExecutor().awaitTermination(5, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void applicationDecoratorStillRuns() {
		this.runner.withBean("mdc", org.springframework.core.task.TaskDecorator.class,
				() -> (task) -> () -> {
					Thread.currentThread().setName(Thread.currentThread().getName() + "-decorated");
					task.run();
				})
			.run((context) -> {
				ThreadPoolTaskExecutor bean = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
				assertThat(bean.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS))
					.endsWith("-decorated");
			});
	}

	@Test
	void concreteThreadPoolExecutorReplacementIsShutDownWithTheContext() {
		AtomicReference<ThreadPoolExecutor> pool = new AtomicReference<>();
		this.runner.withUserConfiguration(ConcretePool.class).run((context) -> {
			pool.set(context.getBean("concretePool", ThreadPoolExecutor.class));
			assertThat(pool.get().submit(() -> "ran").get(5, TimeUnit.SECONDS)).isEqualTo("ran");
		});
		assertThat(pool.get().isShutdown()).isTrue();
	}

	@Test
	void initializedExecutorKeepsItsClassAndGetsTheDecorator() {
		this.runner.withUserConfiguration(InitializedExecutor.class).run((context) -> {
			ThreadPoolTaskExecutor bean = context.getBean("initialized", ThreadPoolTaskExecutor.class);
			assertThat(bean.getClass()).isEqualTo(ThreadPoolTaskExecutor.class);
			assertThat(decorator(bean)).isInstanceOf(TrackingTaskDecorator.class);
		});
	}

	private static Object decorator(ThreadPoolTaskExecutor executor) {
		var field = org.springframework.util.ReflectionUtils.findField(ThreadPoolTaskExecutor.class, "taskDecorator");
		org.springframework.util.ReflectionUtils.makeAccessible(field);
		return org.springframework.util.ReflectionUtils.getField(field, executor);
	}

	@Configuration(proxyBeanMethods = false)
	static class ConcretePool {

		@Bean
		ThreadPoolExecutor concretePool() {
			return new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class InitializedExecutor {

		@Bean
		ThreadPoolTaskExecutor initialized() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.initialize();
			return executor;
		}

	}

}
