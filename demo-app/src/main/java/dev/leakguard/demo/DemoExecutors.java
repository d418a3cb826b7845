package dev.leakguard.demo;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * Plain JDK executors declared by interface (leakguard wraps them), and a virtual-thread
 * executor of Spring's (leakguard decorates its tasks).
 */
@Configuration(proxyBeanMethods = false)
class DemoExecutors {

	@Bean(destroyMethod = "shutdownNow")
	ExecutorService workers() {
		return Executors.newCachedThreadPool();
	}

	@Bean(destroyMethod = "shutdownNow")
	ScheduledExecutorService tickers() {
		return Executors.newScheduledThreadPool(2);
	}

	/** A virtual thread per task, none held by the executor: what the garbage collector can prove leaked. */
	@Bean
	SimpleAsyncTaskExecutor virtualTasks() {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("virtual-task-");
		executor.setVirtualThreads(true);
		return executor;
	}

}
