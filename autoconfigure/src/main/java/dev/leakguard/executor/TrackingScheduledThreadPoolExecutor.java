package dev.leakguard.executor;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ScheduledThreadPoolExecutor} that tracks its tasks through the class's own
 * hook, {@code decorateTask}: one-shot tasks per run, periodic ones from scheduling to
 * cancel. It stands in for a bean declared by that concrete class, with the same
 * configuration, so the bean keeps its type.
 */
public final class TrackingScheduledThreadPoolExecutor extends ScheduledThreadPoolExecutor {

	private final TaskRegistry registry;

	private final String name;

	private TrackingScheduledThreadPoolExecutor(ScheduledThreadPoolExecutor original, TaskRegistry registry,
			String name) {
		super(original.getCorePoolSize(), original.getThreadFactory(), original.getRejectedExecutionHandler());
		setMaximumPoolSize(original.getMaximumPoolSize());
		setKeepAliveTime(original.getKeepAliveTime(TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS);
		allowCoreThreadTimeOut(original.allowsCoreThreadTimeOut());
		setRemoveOnCancelPolicy(original.getRemoveOnCancelPolicy());
		setContinueExistingPeriodicTasksAfterShutdownPolicy(
				original.getContinueExistingPeriodicTasksAfterShutdownPolicy());
		setExecuteExistingDelayedTasksAfterShutdownPolicy(original.getExecuteExistingDelayedTasksAfterShutdownPolicy());
		this.registry = registry;
		this.name = name;
	}

	/**
	 * Returns a tracking scheduler configured as the given one, which is shut down: it has
	 * scheduled nothing yet, as a bean being initialized.
	 * @param original the scheduler the application declared
	 * @param registry where tasks are tracked
	 * @param name the bean's name, for the executor tag
	 * @return the scheduler to use instead
	 */
	public static TrackingScheduledThreadPoolExecutor replacing(ScheduledThreadPoolExecutor original,
			TaskRegistry registry, String name) {
		List<Runnable> pending = original.shutdownNow();
		TrackingScheduledThreadPoolExecutor replacement = new TrackingScheduledThreadPoolExecutor(original, registry,
				name);
		pending.forEach(replacement::execute);
		return replacement;
	}

	@Override
	protected <V> RunnableScheduledFuture<V> decorateTask(Runnable runnable, RunnableScheduledFuture<V> task) {
		return track(this.registry.callSite(runnable), task);
	}

	@Override
	protected <V> RunnableScheduledFuture<V> decorateTask(Callable<V> callable, RunnableScheduledFuture<V> task) {
		return track(this.registry.callSite(callable), task);
	}

	private <V> RunnableScheduledFuture<V> track(String callSite, RunnableScheduledFuture<V> task) {
		Runnable run = task.isPeriodic() ? this.registry.wrapScheduled(task, task, callSite, this.name)
				: this.registry.wrap(task, callSite, this.name);
		return new Tracked<>(task, run);
	}

	/** The scheduled task, run through its tracker. */
	private static final class Tracked<V> implements RunnableScheduledFuture<V> {

		private final RunnableScheduledFuture<V> task;

		private final Runnable run;

		Tracked(RunnableScheduledFuture<V> task, Runnable run) {
			this.task = task;
			this.run = run;
		}

		@Override
		public void run() {
			this.run.run();
		}

		@Override
		public boolean isPeriodic() {
			return this.task.isPeriodic();
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			boolean cancelled = this.task.cancel(mayInterruptIfRunning);
			if (this.run instanceof PeriodicTask periodic) {
				periodic.untrackOnce();
			}
			return cancelled;
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
		public V get() throws InterruptedException, ExecutionException {
			return this.task.get();
		}

		@Override
		public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
			return this.task.get(timeout, unit);
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return this.task.getDelay(unit);
		}

		@Override
		public int compareTo(Delayed other) {
			return this.task.compareTo((other instanceof Tracked<?> tracked) ? tracked.task : other);
		}

	}

}
