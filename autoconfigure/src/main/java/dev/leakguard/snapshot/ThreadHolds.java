package dev.leakguard.snapshot;

import java.util.HashMap;
import java.util.Map;

/**
 * How long each thread has kept the same state and stack, across snapshots: a thread
 * seen with one stack in {@value #STUCK_AFTER} snapshots in a row is stuck. Keeps one
 * small entry per live thread, at most {@value #MAX_THREADS}.
 */
final class ThreadHolds {

	static final int STUCK_AFTER = 3;

	static final int MAX_THREADS = 200_000;

	private Map<Long, Hold> holds = new HashMap<>();

	/**
	 * Records one snapshot and returns, per group, how long its longest-stuck thread has
	 * held the group's stack.
	 * @param members the thread ids of each group
	 * @param now the snapshot's {@link System#nanoTime()}
	 * @return the longest hold in nanoseconds of each group with a stuck thread
	 */
	synchronized Map<StackGroup.Fingerprint, Long> record(Map<StackGroup.Fingerprint, long[]> members, long now) {
		Map<Long, Hold> next = new HashMap<>();
		Map<StackGroup.Fingerprint, Long> stuck = new HashMap<>();
		members.forEach((fingerprint, tids) -> {
			for (long tid : tids) {
				if (tid < 0 || next.size() >= MAX_THREADS) {
					continue;
				}
				Hold before = this.holds.get(tid);
				Hold hold = (before != null && before.fingerprint.equals(fingerprint))
						? new Hold(fingerprint, before.since, before.snapshots + 1) : new Hold(fingerprint, now, 1);
				next.put(tid, hold);
				if (hold.snapshots >= STUCK_AFTER) {
					stuck.merge(fingerprint, now - hold.since, Math::max);
				}
			}
		});
		this.holds = next;
		return stuck;
	}

	private record Hold(StackGroup.Fingerprint fingerprint, long since, int snapshots) {
	}

}
