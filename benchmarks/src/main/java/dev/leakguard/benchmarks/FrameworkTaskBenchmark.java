package dev.leakguard.benchmarks;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.executor.TrackingExecutorService;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two paths the per-task benchmark leaves out. {@code submit} through a Spring
 * executor hands leakguard's {@code TaskDecorator} a {@code FutureTask}, whose class says
 * nothing about the submitter: the call site comes from the request route's cache, or
 * from a stack walk when the scope has no route. And a real hand-off to a pool thread,
 * raw against tracked, so that queueing and waking are part of both sides.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrameworkTaskBenchmark {

	private TaskRegistry registry;

	private RequestScope scope;

	private ExecutorService rawPool;

	private ExecutorService trackedPool;

	@Setup(Level.Trial)
	public void setUp() {
		this.registry = new TaskRegistry(1000);
		this.scope = RequestScope.open(Duration.ofHours(1));
		this.rawPool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		this.trackedPool = new TrackingExecutorService(
				new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()), this.registry,
				"bench");
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.scope.close();
		this.rawPool.shutdownNow();
		this.trackedPool.shutdownNow();
	}

	/** A {@code FutureTask} run raw, the baseline for the decorator paths. */
	@Benchmark
	public Object futureTaskRaw() throws Exception {
		FutureTask<Integer> task = new FutureTask<>(() -> 42);
		task.run();
		return task.get();
	}

	/** The decorator path inside a request whose route is known: call site from the route cache. */
	@Benchmark
	public Object futureTaskDecoratedWithRoute() throws Exception {
		this.scope.setRoute("GET /prices/{id}");
		return decorateAndRun();
	}

	/** The decorator path inside a scope without a route: a stack walk per submit. */
	@Benchmark
	public Object futureTaskDecoratedWithoutRoute() throws Exception {
		this.scope.setRoute(null);
		return decorateAndRun();
	}

	private Object decorateAndRun() throws Exception {
		FutureTask<Integer> task = new FutureTask<>(() -> 42);
		String callSite = this.registry.callSite(task);
		this.registry.wrap(task, callSite, "applicationTaskExecutor").run();
		return task.get();
	}

	/** Submit to a one-thread pool and wait: the hand-off itself. */
	@Benchmark
	public Object handOffRaw() throws Exception {
		return this.rawPool.submit(() -> 42).get();
	}

	/** The same hand-off through leakguard's wrapper, inside a request scope. */
	@Benchmark
	public Object handOffTracked() throws Exception {
		return this.trackedPool.submit(() -> 42).get();
	}

}
