/**
 * The opt-in {@code leaks} health indicator.
 */
@NullMarked
package dev.leakguard.health;

import org.jspecify.annotations.NullMarked;
