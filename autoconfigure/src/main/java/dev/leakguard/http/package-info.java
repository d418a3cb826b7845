/**
 * Deadlines and mandatory timeouts for outbound HTTP calls.
 */
@NullMarked
package dev.leakguard.http;

import org.jspecify.annotations.NullMarked;
