package dev.leakguard.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * All threads at one moment, grouped by identical stack, largest group first.
 *
 * @param timestamp when the dump was taken
 * @param threads the live thread counts
 * @param groups the stack groups
 * @param estimatedBytes roughly what the snapshot holds on to, frames shared with other
 * snapshots counted as references
 */
public record ThreadSnapshot(Instant timestamp, ThreadCounts threads, List<StackGroup> groups, long estimatedBytes) {
}
