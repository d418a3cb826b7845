/**
 * Spike versus rising-baseline analysis of sampled counts.
 */
@NullMarked
package dev.leakguard.baseline;

import org.jspecify.annotations.NullMarked;
