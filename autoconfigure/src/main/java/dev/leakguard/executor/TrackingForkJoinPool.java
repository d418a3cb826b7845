package dev.leakguard.executor;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ForkJoinPool} that tracks the tasks handed to it from outside: it stands in for
 * a bean declared by that concrete class, with the same parallelism, thread factory,
 * exception handler and mode, so the bean keeps its type (and Micrometer's executor
 * metrics still bind to it). Subtasks that a task forks inside the pool are part of it:
 * they are not counted on their own. Settings only the newer constructors take (core and
 * maximum pool size, minimum runnable, keep-alive) are the JDK's defaults again, and what
 * the methods newer Javas added run is not tracked ({@code externalSubmit},
 * {@code lazySubmit}, Java 25's {@code schedule} family).
 */
public final class TrackingForkJoinPool extends ForkJoinPool {

	private final TaskRegistry registry;

	private final String name;

	private TrackingForkJoinPool(ForkJoinPool original, TaskRegistry registry, String name) {
		super(original.getParallelism(), original.getFactory(), original.getUncaughtExceptionHandler(),
				original.getAsyncMode());
		this.registry = registry;
		this.name = name;
	}

	/**
	 * Returns a tracking pool configured as the given one, which is shut down, or the given
	 * pool itself if it has work already (a pool cannot hand its queued tasks over).
	 * @param original the pool the application declared
	 * @param registry where tasks are tracked
	 * @param name the bean's name, for the executor tag
	 * @return the pool to use instead
	 */
	public static ForkJoinPool replacing(ForkJoinPool original, TaskRegistry registry, String name) {
		if (original == ForkJoinPool.commonPool() || original.hasQueuedSubmissions()
				|| original.getActiveThreadCount() > 0 || original.isShutdown()) {
			return original;
		}
		TrackingForkJoinPool replacement = new TrackingForkJoinPool(original, registry, name);
		original.shutdown();
		return replacement;
	}

	@Override
	public void execute(Runnable task) {
		super.execute(this.registry.wrap(task, this.name));
	}

	@Override
	public ForkJoinTask<?> submit(Runnable task) {
		return super.submit(this.registry.wrap(task, this.name));
	}

	@Override
	public <T> ForkJoinTask<T> submit(Runnable task, T result) {
		return super.submit(this.registry.wrap(task, this.name), result);
	}

	@Override
	public <T> ForkJoinTask<T> submit(Callable<T> task) {
		return super.submit(this.registry.wrap(task, this.name));
	}

	@Override
	public void execute(ForkJoinTask<?> task) {
		super.execute(tracked(task));
	}

	@Override
	public <T> ForkJoinTask<T> submit(ForkJoinTask<T> task) {
		super.execute(tracked(task));
		return task;
	}

	@Override
	public <T> T invoke(ForkJoinTask<T> task) {
		super.execute(tracked(task));
		return task.join();
	}

	// invokeAny is not overridden: the pool hands its tasks to execute(), tracked above

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
		return super.invokeAll(this.registry.wrapAll(tasks, this.name));
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException {
		return super.invokeAll(this.registry.wrapAll(tasks, this.name), timeout, unit);
	}

	/**
	 * The caller keeps its own task to join: the pool runs a tracked task that invokes it,
	 * and cancels it if its scope was cancelled before it started.
	 */
	private ForkJoinTask<?> tracked(ForkJoinTask<?> task) {
		Runnable run = this.registry.wrap(new Invoking(task), this.registry.callSite(task), this.name);
		return ForkJoinTask.adapt(run);
	}

	@Override
	public String toString() {
		return "Tracking" + super.toString();
	}

	/**
	 * Runs a task handed to the pool; its future is the task's own, so a run refused
	 * before it started cancels the task.
	 */
	private static final class Invoking implements RunnableFuture<Object> {

		private final ForkJoinTask<?> task;

		Invoking(ForkJoinTask<?> task) {
			this.task = task;
		}

		@Override
		public void run() {
			this.task.quietlyInvoke(); // its outcome stays with the task, for whoever joins it
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			return this.task.cancel(mayInterruptIfRunning);
		}

		@Override
		public boolean isCancelled() {
			return this.task.isCancelled();
		}

		@Override
		public boolean isDone() {
			return this.task.isDone();
		}

		@Override
		public Object get() throws InterruptedException, ExecutionException {
			return this.task.get();
		}

		@Override
		public Object get(long timeout, TimeUnit unit)
				throws InterruptedException, ExecutionException, TimeoutException {
			return this.task.get(timeout, unit);
		}

	}

}
