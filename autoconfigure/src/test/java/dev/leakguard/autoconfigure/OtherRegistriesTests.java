package dev.leakguard.autoconfigure;

import dev.leakguard.metrics.LeakguardMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration artifact works with any Micrometer registry: here only a
 * {@link SimpleMeterRegistry}, with Prometheus' classes not even loadable.
 */
class OtherRegistriesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withClassLoader(new FilteredClassLoader("io.micrometer.prometheusmetrics", "io.prometheus"))
		.withConfiguration(AutoConfigurations.of(LeakguardAutoConfiguration.class,
				LeakguardMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

	@Test
	void everyMeterIsBoundWithoutPrometheus() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// what Boot's metrics auto-configuration does with every MeterBinder bean
			context.getBean(LeakguardMeterBinder.class).bindTo(registry);
			assertThat(registry.find("leakguard.threads.live").tag("kind", "platform").gauge()).isNotNull();
			assertThat(registry.find("leakguard.threads.baseline").tag("kind", "platform").gauge()).isNotNull();
			assertThat(ClassUtils.isPresent("io.prometheus.metrics.model.registry.PrometheusRegistry",
					context.getClassLoader())).isFalse();
		});
	}

}
