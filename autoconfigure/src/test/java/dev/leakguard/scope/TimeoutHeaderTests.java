package dev.leakguard.scope;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TimeoutHeaderTests {

	@ParameterizedTest
	@CsvSource({ "2500m, PT2.5S", "3S, PT3S", "1M, PT1M", "2H, PT2H", "1500, PT1.5S", "7u, PT0.000007S",
			"9n, PT0.000000009S" })
	void parsesGrpcTimeouts(String header, Duration expected) {
		assertThat(TimeoutHeader.parse(header)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "m", "-5m", "12x", "123456789m", "1.5S", "abc" })
	void rejectsMalformedValues(String header) {
		assertThat(TimeoutHeader.parse(header)).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "PT2.5S, 2500m", "PT0S, 0m", "PT-1S, 0m", "PT100000H, 99999999S" })
	void formatsRoundTrippableValues(Duration timeout, String expected) {
		assertThat(TimeoutHeader.format(timeout)).isEqualTo(expected);
		assertThat(TimeoutHeader.parse(expected)).isNotNull();
	}

}
