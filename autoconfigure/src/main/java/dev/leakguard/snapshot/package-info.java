/**
 * Thread dumps grouped by identical stack, with saved baselines and diffs.
 */
@NullMarked
package dev.leakguard.snapshot;

import org.jspecify.annotations.NullMarked;
