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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What leakguard adds to each task: the raw executor and the tracked one run the same
 * task in the same JVM, so the difference is the wrapping (call-site lookup, scope
 * capture, registry bookkeeping). The executor runs tasks on the calling thread, so no
 * thread hand-off hides the cost. {@code sites} spreads submissions over that many call
 * sites: allocation per task must not grow with it ({@code -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TaskOverheadBenchmark {

	@Param({ "1", "200" })
	int sites;

	private final Executor raw = Runnable::run;

	private TaskRegistry registry;

	private Executor tracked;

	private String[] callSites;

	private int next;

	private RequestScope scope;

	private Blackhole blackhole;

	@Setup(Level.Trial)
	public void setUp(Blackhole blackhole) {
		this.blackhole = blackhole;
		this.registry = new TaskRegistry(1000);
		this.tracked = new TrackingExecutor(this.raw, this.registry, "bench");
		this.callSites = new String[this.sites];
		for (int i = 0; i < this.sites; i++) {
			this.callSites[i] = "com.example.Handler.call" + i + "(Handler.java:" + i + ")";
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.scope != null) {
			this.scope.close();
		}
	}

	@Benchmark
	public void raw() {
		this.raw.execute(this::work);
	}

	/** The full path of a wrapped executor: call site from the task's class, no scope. */
	@Benchmark
	public void tracked() {
		this.tracked.execute(this::work);
	}

	/** Bookkeeping only, spread over {@code sites} call sites. */
	@Benchmark
	public void trackedAcrossSites() {
		String site = this.callSites[this.next++ % this.sites];
		this.raw.execute(this.registry.wrap(this::work, site, "bench"));
	}

	/** Inside a request scope: the task also enters the scope and listens for its cancellation. */
	@Benchmark
	public void trackedInScope() {
		if (this.scope == null) {
			this.scope = RequestScope.open(Duration.ofHours(1));
		}
		this.tracked.execute(this::work);
	}

	private void work() {
		this.blackhole.consume(this.next);
	}

}
