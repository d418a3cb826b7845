package dev.leakguard.snapshot;

/**
 * Where threads of a stack group were started, or the tasks they run were submitted.
 *
 * @param callSite the call site, as {@code pkg.Class.method(File.java:NN)}
 * @param count how many of the group's threads it accounts for
 */
public record Creator(String callSite, int count) {
}
