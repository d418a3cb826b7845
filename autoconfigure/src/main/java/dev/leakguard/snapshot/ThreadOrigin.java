package dev.leakguard.snapshot;

import org.jspecify.annotations.Nullable;

/**
 * Who put a thread to work: the call site that started it or submitted the task it runs,
 * the executor, and the route of the request it served.
 *
 * @param callSite the call site, as {@code pkg.Class.method(File.java:NN)}
 * @param executor the executor's bean name, or {@code null} for a thread started directly
 * @param route the request's method and matched pattern, such as {@code GET /prices/{id}},
 * or {@code null} outside a request or before its handler was matched
 */
public record ThreadOrigin(String callSite, @Nullable String executor, @Nullable String route) {
}
