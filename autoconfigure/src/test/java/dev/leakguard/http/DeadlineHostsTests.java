package dev.leakguard.http;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineHostsTests {

	@Test
	void starMatchesEveryHost() {
		assertThat(DeadlineHosts.ALL.matches("api.example.com")).isTrue();
		assertThat(DeadlineHosts.ALL.matches(null)).isTrue();
	}

	@Test
	void exactHostsAndSubdomainPatterns() {
		DeadlineHosts hosts = DeadlineHosts.of(List.of("billing", " *.Internal.example "));
		assertThat(hosts.matches("billing")).isTrue();
		assertThat(hosts.matches("BILLING")).isTrue();
		assertThat(hosts.matches("prices.internal.example")).isTrue();
		assertThat(hosts.matches("internal.example")).isFalse();
		assertThat(hosts.matches("api.thirdparty.com")).isFalse();
		assertThat(hosts.matches("billing.evil.com")).isFalse();
		assertThat(hosts.matches(null)).isFalse();
	}

	@Test
	void emptyListSendsItNowhere() {
		assertThat(DeadlineHosts.of(List.of()).matches("localhost")).isFalse();
	}

}
