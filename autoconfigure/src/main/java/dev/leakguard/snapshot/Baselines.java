package dev.leakguard.snapshot;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Saved snapshots to diff against: the most recent {@code capacity} of them, fewer if
 * together they would hold more than {@code maxBytes}.
 */
public final class Baselines {

	private final SecureRandom random = new SecureRandom();

	private final int capacity;

	private final long maxBytes;

	private final Map<String, ThreadSnapshot> saved = new LinkedHashMap<>();

	private long bytes;

	public Baselines(int capacity, long maxBytes) {
		this.capacity = capacity;
		this.maxBytes = maxBytes;
	}

	/**
	 * Saves a snapshot as a baseline.
	 * @param snapshot the snapshot
	 * @return its id
	 */
	public synchronized String save(ThreadSnapshot snapshot) {
		byte[] bytes = new byte[6];
		this.random.nextBytes(bytes);
		String id = HexFormat.of().formatHex(bytes);
		this.saved.put(id, snapshot);
		this.bytes += snapshot.estimatedBytes();
		Iterator<ThreadSnapshot> eldest = this.saved.values().iterator();
		while (this.saved.size() > 1 && (this.saved.size() > this.capacity || this.bytes > this.maxBytes)) {
			this.bytes -= eldest.next().estimatedBytes();
			eldest.remove();
		}
		return id;
	}

	/**
	 * Returns a saved baseline.
	 * @param id its id
	 * @return the baseline, or {@code null} if unknown or evicted
	 */
	public synchronized @Nullable ThreadSnapshot get(String id) {
		return this.saved.get(id);
	}

	/**
	 * Diffs two snapshots group by group, largest change first; unchanged groups are left
	 * out.
	 * @param baseline the earlier snapshot
	 * @param current the later snapshot
	 * @return the changed groups
	 */
	public static List<GroupDelta> diff(ThreadSnapshot baseline, ThreadSnapshot current) {
		Map<StackGroup.Key, StackGroup> before = new HashMap<>();
		baseline.groups().forEach((group) -> before.put(group.key(), group));
		List<GroupDelta> deltas = new ArrayList<>();
		for (StackGroup group : current.groups()) {
			StackGroup old = before.remove(group.key());
			int was = (old != null) ? old.count() : 0;
			GroupDelta.Change change = (old == null) ? GroupDelta.Change.NEW
					: (group.count() > was) ? GroupDelta.Change.GROWN
							: (group.count() < was) ? GroupDelta.Change.SHRUNK : GroupDelta.Change.UNCHANGED;
			if (change != GroupDelta.Change.UNCHANGED) {
				deltas.add(new GroupDelta(group, was, group.count(), change));
			}
		}
		before.values().forEach((group) -> deltas.add(new GroupDelta(group, group.count(), 0, GroupDelta.Change.VANISHED)));
		deltas.sort(Comparator.comparingInt((GroupDelta delta) -> Math.abs(delta.delta())).reversed());
		return deltas;
	}

}
