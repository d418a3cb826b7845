package dev.leakguard.autoconfigure;

import dev.leakguard.baseline.BaselineAnalyzer;
import dev.leakguard.health.LeaksHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code leaks} health indicator, only with {@code leakguard.health.enabled=true}.
 */
@AutoConfiguration(after = LeakguardAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "leakguard.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("leakguard.health.enabled")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(BaselineAnalyzer.class)
@EnableConfigurationProperties(LeakguardProperties.class)
public final class LeaksHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "leaksHealthIndicator")
	LeaksHealthIndicator leaksHealthIndicator(BaselineAnalyzer analyzer, LeakguardProperties properties) {
		return new LeaksHealthIndicator(analyzer, properties.getHealth().getRisingBaselineStatus());
	}

}
