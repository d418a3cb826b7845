package dev.leakguard.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One string per distinct frame across every snapshot, so that snapshots kept for trends
 * and baselines share their frames instead of holding copies. Bounded: past
 * {@code maxFrames} distinct frames, new ones are kept as they are.
 */
final class FrameInterner {

	private final int maxFrames;

	private final Map<String, String> frames = new ConcurrentHashMap<>();

	FrameInterner(int maxFrames) {
		this.maxFrames = maxFrames;
	}

	/**
	 * Returns the shared copy of each frame.
	 * @param stack the frames of one stack
	 * @return an unmodifiable list of shared frames
	 */
	List<String> intern(List<String> stack) {
		List<String> shared = new ArrayList<>(stack.size());
		for (String frame : stack) {
			shared.add(intern(frame));
		}
		return List.copyOf(shared);
	}

	String intern(String frame) {
		String shared = this.frames.get(frame);
		if (shared != null) {
			return shared;
		}
		if (this.frames.size() >= this.maxFrames) {
			return frame;
		}
		shared = this.frames.putIfAbsent(frame, frame);
		return (shared != null) ? shared : frame;
	}

	/**
	 * Whether a frame is one of the shared ones, which a snapshot does not pay for.
	 * @param frame a frame returned by {@link #intern(String)}
	 * @return {@code true} if shared
	 */
	boolean isShared(String frame) {
		return this.frames.get(frame) == frame;
	}

}
