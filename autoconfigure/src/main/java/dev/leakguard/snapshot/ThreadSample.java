package dev.leakguard.snapshot;

import java.util.List;

/**
 * One thread as seen in a dump.
 *
 * @param tid the thread's id, as {@link Thread#threadId()}
 * @param name the thread's name, empty for most virtual threads
 * @param virtual whether it is a virtual thread
 * @param state its {@link Thread.State} name, or {@code UNKNOWN}
 * @param frames its stack, innermost first, as {@code pkg.Class.method(File.java:NN)}
 */
public record ThreadSample(long tid, String name, boolean virtual, String state, List<String> frames) {
}
