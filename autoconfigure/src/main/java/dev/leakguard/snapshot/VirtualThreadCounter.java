package dev.leakguard.snapshot;

import java.util.concurrent.atomic.LongAdder;

import jdk.jfr.consumer.RecordingStream;
import org.jspecify.annotations.Nullable;

/**
 * Counts live virtual threads, parked ones included, from JFR's
 * {@code jdk.VirtualThreadStart} and {@code jdk.VirtualThreadEnd} events (JDK 21+): a
 * constant cost per thread start and end, whatever the number of live threads. Virtual
 * threads started before the counter are not seen; events arrive about once a second.
 */
public final class VirtualThreadCounter implements AutoCloseable {

	private final LongAdder live = new LongAdder();

	private final RecordingStream stream;

	private VirtualThreadCounter(RecordingStream stream) {
		this.stream = stream;
	}

	/**
	 * Starts counting if this JVM has virtual threads and JFR.
	 * @return a started counter, or {@code null} where unsupported
	 */
	public static @Nullable VirtualThreadCounter startIfSupported() {
		if (Runtime.version().feature() < 21) {
			return null;
		}
		try {
			RecordingStream stream = new RecordingStream();
			VirtualThreadCounter counter = new VirtualThreadCounter(stream);
			stream.enable("jdk.VirtualThreadStart");
			stream.enable("jdk.VirtualThreadEnd");
			stream.onEvent("jdk.VirtualThreadStart", (event) -> counter.live.increment());
			stream.onEvent("jdk.VirtualThreadEnd", (event) -> counter.live.decrement());
			stream.startAsync();
			return counter;
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
	}

	/**
	 * Returns the live virtual threads seen so far.
	 * @return the count, never negative
	 */
	public long live() {
		return Math.max(0, this.live.sum());
	}

	@Override
	public void close() {
		this.stream.close();
	}

}
