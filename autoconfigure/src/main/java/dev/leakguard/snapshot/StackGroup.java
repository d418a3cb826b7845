package dev.leakguard.snapshot;

import java.util.List;

/**
 * Threads that share one state and one identical stack.
 *
 * @param count how many threads
 * @param state their {@link Thread.State} name
 * @param virtual whether they are virtual threads
 * @param frames the shared stack, innermost first
 * @param threadNames the names of up to {@value StackGrouper#MAX_NAMES} of them
 * @param trend the group's movement within the window
 */
public record StackGroup(int count, String state, boolean virtual, List<String> frames, List<String> threadNames,
		Trend trend) {

	/**
	 * Returns what makes two threads members of the same group.
	 * @return the group's key
	 */
	public Key key() {
		return new Key(this.state, this.virtual, this.frames);
	}

	/**
	 * The identity of a group: state, kind and stack.
	 *
	 * @param state the thread state
	 * @param virtual whether virtual
	 * @param frames the stack
	 */
	public record Key(String state, boolean virtual, List<String> frames) {
	}

}
