/**
 * Auto-configuration and properties for leakguard.
 */
@NullMarked
package dev.leakguard.autoconfigure;

import org.jspecify.annotations.NullMarked;
