package dev.leakguard.baseline;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Feeds the analyzer on a schedule from its own daemon thread, so it neither uses nor
 * shows up in the application's executors. Sampling begins with {@link #start()}: an
 * application still starting up is not its baseline.
 */
public final class BaselineSampler implements AutoCloseable {

	private final BaselineAnalyzer analyzer;

	private final Supplier<Map<String, Long>> source;

	private final Clock clock;

	private final ScheduledExecutorService timer;

	private final long intervalMillis;

	private final AtomicBoolean started = new AtomicBoolean();

	private final DrainedSites drained;

	public BaselineSampler(BaselineAnalyzer analyzer, Supplier<Map<String, Long>> source, Duration interval,
			Clock clock) {
		this(analyzer, source, interval, clock, new DrainedSites());
	}

	/**
	 * Creates a sampler.
	 * @param analyzer what the samples go to
	 * @param source takes one sample: a value per series
	 * @param interval time between samples
	 * @param clock the clock samples are timed by
	 * @param drained told of every sample, to say when a suspected call site drains
	 */
	public BaselineSampler(BaselineAnalyzer analyzer, Supplier<Map<String, Long>> source, Duration interval,
			Clock clock, DrainedSites drained) {
		this.drained = drained;
		this.analyzer = analyzer;
		this.source = source;
		this.clock = clock;
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "leakguard-baseline");
			thread.setDaemon(true);
			return thread;
		});
		this.intervalMillis = Math.max(1, interval.toMillis());
	}

	/**
	 * Starts sampling, once.
	 */
	public void start() {
		if (this.started.compareAndSet(false, true)) {
			this.timer.scheduleWithFixedDelay(this::sampleQuietly, 0, this.intervalMillis, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Takes one sample now.
	 */
	public void sample() {
		long now = this.clock.millis();
		Map<String, Long> sample = this.source.get();
		sample.forEach((name, value) -> this.analyzer.record(name, now, value));
		this.drained.sampled(this.analyzer, sample, now);
	}

	private void sampleQuietly() {
		try {
			sample();
		}
		catch (RuntimeException ex) {
			// one failed sample must not stop the schedule
		}
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

}
