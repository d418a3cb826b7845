package dev.leakguard.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Boot's client settings get leakguard's timeouts only where the application left them
 * unset.
 */
class HttpClientTimeoutsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(HttpClientAutoConfiguration.class, LeakguardHttpClientAutoConfiguration.class));

	@Test
	void unsetTimeoutsGetLeakguardDefaults() {
		this.runner.run((context) -> {
			HttpClientSettings settings = context.getBean(HttpClientSettings.class);
			assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void leakguardPropertiesFillOnlyWhatSpringLeavesUnset() {
		this.runner
			.withPropertyValues("leakguard.http.connect-timeout=3s", "leakguard.http.read-timeout=4s",
					"spring.http.clients.read-timeout=7s")
			.run((context) -> {
				HttpClientSettings settings = context.getBean(HttpClientSettings.class);
				assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(7));
			});
	}

	@Test
	void disabledLeavesSettingsAlone() {
		this.runner.withPropertyValues("leakguard.enabled=false").run((context) -> {
			HttpClientSettings settings = context.getBean(HttpClientSettings.class);
			assertThat(settings.connectTimeout()).isNull();
			assertThat(settings.readTimeout()).isNull();
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "leakguard.http.read-timeout=0", "leakguard.http.connect-timeout=0",
			"leakguard.http.read-timeout=-1s" })
	void aTimeoutThatIsNotPositiveFailsTheStartNamingIt(String property) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			assertThatThrownBy(() -> {
				throw context.getStartupFailure();
			}).rootCause().hasMessageContaining(property.substring(0, property.indexOf('=')) + " must be positive");
		});
	}

}
