package dev.leakguard.scope;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the remaining deadline carried between services, in gRPC's
 * {@code grpc-timeout} syntax: up to 8 digits and a unit ({@code H M S m u n}), so
 * {@code 2500m} is 2.5 seconds. A bare number is read as milliseconds.
 */
public final class TimeoutHeader {

	/** The header leakguard reads and sends. */
	public static final String REQUEST_DEADLINE = "X-Request-Deadline";

	/** gRPC's header, also read on inbound requests. */
	public static final String GRPC_TIMEOUT = "grpc-timeout";

	private static final long MAX_VALUE = 99_999_999L;

	private TimeoutHeader() {
	}

	/**
	 * Parses a header value.
	 * @param value the header value
	 * @return the timeout, or {@code null} if the value is missing or malformed
	 */
	public static @Nullable Duration parse(@Nullable String value) {
		if (value == null) {
			return null;
		}
		String text = value.trim();
		int length = text.length();
		if (length == 0 || length > 9) {
			return null;
		}
		// a loop, not a stream: this runs on every request that carries the header
		char unit = text.charAt(length - 1);
		boolean hasUnit = unit < '0' || unit > '9';
		int digits = hasUnit ? length - 1 : length;
		if (digits == 0 || digits > 8) {
			return null;
		}
		long amount = 0;
		for (int i = 0; i < digits; i++) {
			char digit = text.charAt(i);
			if (digit < '0' || digit > '9') {
				return null;
			}
			amount = amount * 10 + (digit - '0');
		}
		return switch (hasUnit ? unit : 'm') {
			case 'H' -> Duration.ofHours(amount);
			case 'M' -> Duration.ofMinutes(amount);
			case 'S' -> Duration.ofSeconds(amount);
			case 'm' -> Duration.ofMillis(amount);
			case 'u' -> Duration.ofNanos(amount * 1000);
			case 'n' -> Duration.ofNanos(amount);
			default -> null;
		};
	}

	/**
	 * Formats a timeout in the coarsest unit that keeps millisecond precision and fits 8
	 * digits.
	 * @param timeout the timeout, negative values are sent as zero
	 * @return the header value
	 */
	public static String format(Duration timeout) {
		long millis = Math.max(0, timeout.toMillis());
		if (millis <= MAX_VALUE) {
			return millis + "m";
		}
		long seconds = Math.min(MAX_VALUE, millis / 1000);
		return seconds + "S";
	}

}
