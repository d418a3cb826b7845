package dev.leakguard.snapshot;

/**
 * How one stack group changed between a baseline and now.
 *
 * @param group the group as it is now, or as it was for a vanished one
 * @param before its count in the baseline
 * @param after its count now
 * @param change the kind of change
 */
public record GroupDelta(StackGroup group, int before, int after, Change change) {

	/**
	 * Returns {@code after - before}.
	 * @return the delta
	 */
	public int delta() {
		return this.after - this.before;
	}

	/**
	 * The kind of change of a group.
	 */
	public enum Change {

		/** Not in the baseline. */
		NEW,

		/** More threads than in the baseline. */
		GROWN,

		/** Fewer threads than in the baseline. */
		SHRUNK,

		/** In the baseline, gone now. */
		VANISHED,

		/** As many threads as in the baseline. */
		UNCHANGED

	}

}
