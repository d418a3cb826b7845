package dev.leakguard.demo;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Plain JDK executors declared by interface: leakguard wraps them.
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

}
