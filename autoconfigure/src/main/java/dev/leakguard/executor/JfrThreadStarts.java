package dev.leakguard.executor;

import java.util.ArrayList;
import java.util.List;

import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingStream;

/**
 * Feeds {@link ThreadStarts} from JFR's {@code jdk.ThreadStart} (with the starting stack)
 * and {@code jdk.ThreadEnd} events: platform threads start rarely, so the events are
 * cheap; one JFR thread parses them, about once a second. Only load this class where
 * {@code jdk.jfr} exists.
 */
public final class JfrThreadStarts implements AutoCloseable {

	private final RecordingStream stream;

	private JfrThreadStarts(RecordingStream stream) {
		this.stream = stream;
	}

	/**
	 * Starts listening.
	 * @param starts where the events go
	 * @return the running listener
	 */
	public static JfrThreadStarts start(ThreadStarts starts) {
		RecordingStream stream = new RecordingStream();
		stream.enable("jdk.ThreadStart").withStackTrace();
		stream.enable("jdk.ThreadEnd");
		stream.onEvent("jdk.ThreadStart", (event) -> {
			RecordedThread thread = event.getThread("thread");
			if (thread == null) {
				return; // virtual threads have events of their own; none of them arrive here
			}
			RecordedThread parent = event.getThread("parentThread");
			starts.started(thread.getJavaThreadId(), (parent != null) ? parent.getJavaThreadId() : -1,
					frames(event.getStackTrace()));
		});
		stream.onEvent("jdk.ThreadEnd", (event) -> {
			RecordedThread thread = event.getThread("thread");
			if (thread != null) {
				starts.ended(thread.getJavaThreadId());
			}
		});
		stream.startAsync();
		return new JfrThreadStarts(stream);
	}

	/** JFR frames in leakguard's form; JFR has no file names, so the file is the top-level class's. */
	static List<String> frames(RecordedStackTrace stack) {
		List<String> frames = new ArrayList<>();
		if (stack == null) {
			return frames;
		}
		for (RecordedFrame frame : stack.getFrames()) {
			if (!frame.isJavaFrame()) {
				continue;
			}
			String type = frame.getMethod().getType().getName();
			String simple = type.substring(type.lastIndexOf('.') + 1);
			int nested = simple.indexOf('$');
			String file = ((nested < 0) ? simple : simple.substring(0, nested)) + ".java";
			int line = frame.getLineNumber();
			frames.add(type + "." + frame.getMethod().getName() + "(" + file + ((line > 0) ? ":" + line : "") + ")");
		}
		return frames;
	}

	@Override
	public void close() {
		this.stream.close();
	}

}
