package dev.leakguard.test;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.function.Executable;

import dev.leakguard.executor.TaskRegistry;

/**
 * The leak gate as plain assertions, for code that is not a whole test:
 * {@code assertNoLeaks(() -> service.refresh())}.
 */
public final class LeakAssertions {

	private LeakAssertions() {
	}

	/**
	 * Runs the code and fails if threads it started are still alive once the default
	 * timeout has passed.
	 * @param code the code to check
	 * @throws Throwable what the code throws, or the {@link AssertionError} of a leak
	 */
	public static void assertNoLeaks(Executable code) throws Throwable {
		assertNoLeaks(LeakOptions.defaults(), null, code);
	}

	/**
	 * Runs the code and fails if threads it started, or tasks it submitted through
	 * leakguard's executors, are still there once the options' timeout has passed.
	 * @param options what to wait for and ignore
	 * @param tasks leakguard's task registry (a bean in a Spring test), or {@code null}
	 * @param code the code to check
	 * @throws Throwable what the code throws, or the {@link AssertionError} of a leak
	 */
	public static void assertNoLeaks(LeakOptions options, @Nullable TaskRegistry tasks, Executable code)
			throws Throwable {
		LeakCheck check = LeakCheck.start(options, tasks);
		code.execute();
		check.assertNoLeaks("The code");
	}

}
