/**
 * The {@code leaks} actuator endpoint.
 */
@NullMarked
package dev.leakguard.endpoint;

import org.jspecify.annotations.NullMarked;
