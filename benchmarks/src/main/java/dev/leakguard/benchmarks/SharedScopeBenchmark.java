package dev.leakguard.benchmarks;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.executor.TrackingExecutor;
import dev.leakguard.scope.RequestScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The tasks of one request, as a fan-out runs them: two threads at once each run tracked
 * tasks in the same scope, so both register with and leave that scope's listeners at the
 * same time. Each thread has a registry of its own, so only the scope is shared.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(2)
public class SharedScopeBenchmark {

	private Executor tracked;

	private RequestScope previous;

	private Blackhole blackhole;

	private int next;

	@Setup(Level.Trial)
	public void setUp(Blackhole blackhole, Request request) {
		this.blackhole = blackhole;
		this.tracked = new TrackingExecutor(Runnable::run, new TaskRegistry(1000), "bench");
		this.previous = RequestScope.swapCurrent(request.scope);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		RequestScope.restoreCurrent(this.previous);
	}

	@Benchmark
	public void trackedInSharedScope() {
		this.tracked.execute(this::work);
	}

	private void work() {
		this.blackhole.consume(this.next++);
	}

	/** The request both threads work for. */
	@State(Scope.Benchmark)
	public static class Request {

		final RequestScope scope = RequestScope.create(Duration.ofHours(1));

		@TearDown(Level.Trial)
		public void tearDown() {
			this.scope.close();
		}

	}

}
