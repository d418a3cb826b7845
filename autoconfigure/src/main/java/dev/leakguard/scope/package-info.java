/**
 * Request scopes: a deadline and a cancellation signal that work started for a request inherits.
 */
@NullMarked
package dev.leakguard.scope;

import org.jspecify.annotations.NullMarked;
