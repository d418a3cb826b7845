package dev.leakguard.snapshot;

import java.util.concurrent.atomic.LongAdder;

import jdk.jfr.consumer.RecordingStream;

/**
 * Counts live virtual threads, parked ones included, from JFR's
 * {@code jdk.VirtualThreadStart} and {@code jdk.VirtualThreadEnd} events (JDK 21+): a
 * constant cost per thread start and end, whatever the number of live threads, plus one
 * JFR thread that parses the events. Virtual threads started before the counter are not
 * seen; events arrive about once a second. Only load this class where {@code jdk.jfr}
 * exists.
 */
public final class JfrVirtualThreadCounter implements VirtualThreadCounter {

	private final LongAdder live = new LongAdder();

	private final RecordingStream stream;

	private JfrVirtualThreadCounter(RecordingStream stream) {
		this.stream = stream;
	}

	/**
	 * Starts counting.
	 * @return the started counter
	 * @throws IllegalStateException if JFR cannot record here
	 */
	public static VirtualThreadCounter start() {
		RecordingStream stream = new RecordingStream();
		JfrVirtualThreadCounter counter = new JfrVirtualThreadCounter(stream);
		stream.enable("jdk.VirtualThreadStart");
		stream.enable("jdk.VirtualThreadEnd");
		stream.onEvent("jdk.VirtualThreadStart", (event) -> counter.live.increment());
		stream.onEvent("jdk.VirtualThreadEnd", (event) -> counter.live.decrement());
		stream.startAsync();
		return counter;
	}

	@Override
	public long live() {
		return Math.max(0, this.live.sum());
	}

	@Override
	public void close() {
		this.stream.close();
	}

}
