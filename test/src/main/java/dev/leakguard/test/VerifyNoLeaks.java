package dev.leakguard.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test that leaves threads or leakguard-tracked tasks running: whatever it
 * started must end within {@link #timeoutMillis()} after it ends. On a class, every test
 * method is checked on its own, so a leak is blamed on the test that started it. Threads
 * alive before the test are ignored, and so are the JVM's, JUnit's and those a shared
 * Spring test context starts on demand. In a Spring test with leakguard, tasks are
 * reported by the call site that submitted them.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LeakGateExtension.class)
public @interface VerifyNoLeaks {

	/**
	 * How long, in all, the test's threads and tasks get to end, retried with backoff.
	 * @return the timeout in milliseconds
	 */
	long timeoutMillis() default 2000;

	/**
	 * Threads to ignore, by whole name.
	 * @return regular expressions
	 */
	String[] ignoreThreadNames() default {};

	/**
	 * Threads to ignore by their innermost frame, {@code pkg.Class.method} prefixes.
	 * @return frame prefixes
	 */
	String[] ignoreTopFrames() default {};

	/**
	 * Threads to ignore by any of their frames, {@code pkg.Class.method} prefixes.
	 * @return frame prefixes
	 */
	String[] ignoreAnyFrames() default {};

	/**
	 * Tasks to ignore by the call site that submitted them, {@code pkg.Class.method}
	 * prefixes.
	 * @return call site prefixes
	 */
	String[] ignoreCallSites() default {};

}
