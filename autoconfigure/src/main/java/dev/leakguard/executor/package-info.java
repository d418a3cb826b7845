/**
 * Executor wrapping that carries the request scope into tasks and records them per call site.
 */
@NullMarked
package dev.leakguard.executor;

import org.jspecify.annotations.NullMarked;
