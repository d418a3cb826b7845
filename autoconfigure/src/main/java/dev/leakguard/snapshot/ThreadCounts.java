package dev.leakguard.snapshot;

import org.jspecify.annotations.Nullable;

/**
 * Live thread counts at the time of a dump.
 *
 * @param platform live platform threads
 * @param virtual live virtual threads, or {@code null} where the JVM cannot list them
 * @param daemon live daemon platform threads
 * @param peak the peak platform thread count since the JVM started
 */
public record ThreadCounts(int platform, @Nullable Integer virtual, int daemon, int peak) {
}
