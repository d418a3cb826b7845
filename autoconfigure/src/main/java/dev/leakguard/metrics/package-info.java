/**
 * Micrometer meters for threads, tasks and the leak analysis.
 */
@NullMarked
package dev.leakguard.metrics;

import org.jspecify.annotations.NullMarked;
