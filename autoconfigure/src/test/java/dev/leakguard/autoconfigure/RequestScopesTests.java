package dev.leakguard.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestScopesTests {

	@Test
	void inboundHeaderShortensTheDeadline() {
		assertThat(timeout(new LeakguardProperties(), "2500m")).isEqualTo(Duration.ofMillis(2500));
		assertThat(timeout(new LeakguardProperties(), "1H")).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void untrustedCallersCannotShortenTheDeadline() {
		LeakguardProperties properties = new LeakguardProperties();
		properties.getRequest().setTrustInboundDeadline(false);
		assertThat(timeout(properties, "0")).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void floorRaisesTooShortInboundDeadlinesButNeverAboveTheConfiguredOne() {
		LeakguardProperties properties = new LeakguardProperties();
		properties.getRequest().setInboundDeadlineFloor(Duration.ofMillis(200));
		assertThat(timeout(properties, "0")).isEqualTo(Duration.ofMillis(200));
		assertThat(timeout(properties, "5S")).isEqualTo(Duration.ofSeconds(5));
		properties.getRequest().setInboundDeadlineFloor(Duration.ofMinutes(5));
		assertThat(timeout(properties, "0")).isEqualTo(Duration.ofSeconds(30));
	}

	private static Duration timeout(LeakguardProperties properties, String header) {
		return new RequestScopes(properties).timeout(Map.of("X-Request-Deadline", header)::get);
	}

}
