/**
 * A JUnit Jupiter leak gate: {@link dev.leakguard.test.VerifyNoLeaks} and
 * {@link dev.leakguard.test.LeakAssertions}.
 */
@NullMarked
package dev.leakguard.test;

import org.jspecify.annotations.NullMarked;
