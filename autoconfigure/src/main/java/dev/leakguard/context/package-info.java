/**
 * The request scope for Micrometer's context-propagation.
 */
@NullMarked
package dev.leakguard.context;

import org.jspecify.annotations.NullMarked;
