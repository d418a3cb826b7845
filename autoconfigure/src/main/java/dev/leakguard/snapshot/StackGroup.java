package dev.leakguard.snapshot;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Threads that share one state and one identical stack.
 *
 * @param count how many threads
 * @param state their {@link Thread.State} name
 * @param virtual whether they are virtual threads
 * @param frames the shared stack, innermost first
 * @param threadNames the names of up to {@value StackGrouper#MAX_NAMES} of them, each cut
 * to {@value StackGrouper#MAX_NAME_LENGTH} characters
 * @param trend the group's movement within the window
 * @param waitReason what its threads wait on, see {@link WaitReasons}
 * @param createdBy where its threads were started or their tasks submitted, where known,
 * most threads first
 * @param stuckFor how long its longest-held thread has kept this stack, if one kept it for
 * {@value ThreadHolds#STUCK_AFTER} snapshots in a row, else {@code null}
 */
public record StackGroup(int count, String state, boolean virtual, List<String> frames, List<String> threadNames,
		Trend trend, String waitReason, List<Creator> createdBy, @Nullable Duration stuckFor) {

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

		/**
		 * Returns a 128-bit digest of the key, which history keeps instead of the frames.
		 * @return the fingerprint
		 */
		Fingerprint fingerprint() {
			long a = 0x9E3779B97F4A7C15L ^ (this.virtual ? 1 : 0);
			long b = 0xC2B2AE3D27D4EB4FL;
			a = mix(a, this.state);
			b = mix2(b, this.state);
			for (String frame : this.frames) {
				a = mix(a, frame);
				b = mix2(b, frame);
			}
			return new Fingerprint(a, b);
		}

		private static long mix(long hash, String text) {
			for (int i = 0; i < text.length(); i++) {
				hash = (hash ^ text.charAt(i)) * 0x100000001B3L;
			}
			return (hash ^ 0xFF) * 0x100000001B3L;
		}

		private static long mix2(long hash, String text) {
			for (int i = 0; i < text.length(); i++) {
				hash = Long.rotateLeft(hash * 31 + text.charAt(i), 7) * 0x9E3779B97F4A7C15L;
			}
			return hash + text.length();
		}

	}

	/**
	 * A compact stand-in for a {@link Key}.
	 *
	 * @param high the first half
	 * @param low the second half
	 */
	record Fingerprint(long high, long low) {
	}

}
