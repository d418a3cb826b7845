package dev.leakguard.endpoint;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The endpoint's query parameters, checked: a bad value is an
 * {@link IllegalArgumentException} whose message says what is allowed.
 *
 * @param limit groups to return
 * @param minCount smallest group to return
 * @param state only groups in this thread state, or all
 * @param depth frames to return per group
 */
record GroupQuery(int limit, int minCount, @Nullable String state, int depth) {

	static final int MAX_LIMIT = 10_000;

	static final int MAX_DEPTH = 1024;

	/** The longest part of a bad value that an error message repeats. */
	static final int MAX_ECHO = 64;

	static GroupQuery parse(@Nullable String limit, @Nullable String minCount, @Nullable String state,
			@Nullable String depth) {
		return new GroupQuery(number("limit", limit, 50, 1, MAX_LIMIT),
				number("minCount", minCount, 1, 1, Integer.MAX_VALUE), state(state),
				number("depth", depth, 32, 1, MAX_DEPTH));
	}

	private static int number(String name, @Nullable String value, int fallback, int min, int max) {
		if (value == null || value.isEmpty()) {
			return fallback;
		}
		try {
			int number = Integer.parseInt(value.trim());
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IllegalArgumentException(
				"Parameter '" + name + "' must be a whole number from " + min + " to " + max + ", was '"
						+ Escape.bounded(value, MAX_ECHO) + "'");
	}

	private static @Nullable String state(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		String state = value.trim().toUpperCase(Locale.ROOT);
		for (Thread.State known : Thread.State.values()) {
			if (known.name().equals(state)) {
				return state;
			}
		}
		throw new IllegalArgumentException("Parameter 'state' must be one of NEW, RUNNABLE, BLOCKED, WAITING, "
				+ "TIMED_WAITING, TERMINATED, was '" + Escape.bounded(value, MAX_ECHO) + "'");
	}

	boolean matches(int count, String groupState) {
		return count >= this.minCount && (this.state == null || this.state.equals(groupState));
	}

}
