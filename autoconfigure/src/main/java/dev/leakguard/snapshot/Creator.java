package dev.leakguard.snapshot;

import org.jspecify.annotations.Nullable;

/**
 * Where threads of a stack group were started, or the tasks they run were submitted.
 *
 * @param callSite the call site, as {@code pkg.Class.method(File.java:NN)}
 * @param executor the executor, or {@code null} for threads started directly
 * @param route the route of the request behind them, or {@code null}
 * @param count how many of the group's threads it accounts for
 */
public record Creator(String callSite, @Nullable String executor, @Nullable String route, int count) {
}
