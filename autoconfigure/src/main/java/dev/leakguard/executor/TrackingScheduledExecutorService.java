package dev.leakguard.executor;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link ScheduledExecutorService} whose one-shot tasks are tracked while they run and
 * whose periodic tasks are tracked from scheduling until they are cancelled, fail, or the
 * executor shuts down.
 */
public class TrackingScheduledExecutorService extends TrackingExecutorService implements ScheduledExecutorService {

	private final ScheduledExecutorService scheduler;

	private final Set<PeriodicTask> periodic = ConcurrentHashMap.newKeySet();

	public TrackingScheduledExecutorService(ScheduledExecutorService delegate, TaskRegistry registry, String name) {
		super(delegate, registry, name);
		this.scheduler = delegate;
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
		return this.scheduler.schedule(this.registry.wrap(command, this.name), delay, unit);
	}

	@Override
	public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
		return this.scheduler.schedule(this.registry.wrap(callable, this.name), delay, unit);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
		PeriodicTask task = this.registry.periodic(command, this.name);
		return track(task, this.scheduler.scheduleAtFixedRate(task, initialDelay, period, unit));
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
		PeriodicTask task = this.registry.periodic(command, this.name);
		return track(task, this.scheduler.scheduleWithFixedDelay(task, initialDelay, delay, unit));
	}

	@Override
	public void shutdown() {
		super.shutdown();
		stopPeriodic();
	}

	@Override
	public List<Runnable> shutdownNow() {
		List<Runnable> pending = super.shutdownNow();
		stopPeriodic();
		return pending;
	}

	private ScheduledFuture<?> track(PeriodicTask task, ScheduledFuture<?> future) {
		task.scheduled(future);
		task.track();
		this.periodic.add(task);
		return new PeriodicFuture(future, task);
	}

	private void stopPeriodic() {
		// Periodic tasks never run again once their executor shuts down.
		this.periodic.forEach(PeriodicTask::stop);
		this.periodic.clear();
	}

	private final class PeriodicFuture implements ScheduledFuture<Object> {

		private final ScheduledFuture<?> future;

		private final PeriodicTask task;

		PeriodicFuture(ScheduledFuture<?> future, PeriodicTask task) {
			this.future = future;
			this.task = task;
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			boolean cancelled = this.future.cancel(mayInterruptIfRunning);
			this.task.untrackOnce();
			TrackingScheduledExecutorService.this.periodic.remove(this.task);
			return cancelled;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return this.future.getDelay(unit);
		}

		@Override
		public int compareTo(Delayed other) {
			return this.future.compareTo(other);
		}

		@Override
		public boolean isCancelled() {
			return this.future.isCancelled();
		}

		@Override
		public boolean isDone() {
			return this.future.isDone();
		}

		@Override
		public Object get() throws InterruptedException, ExecutionException {
			return this.future.get();
		}

		@Override
		public Object get(long timeout, TimeUnit unit)
				throws InterruptedException, ExecutionException, TimeoutException {
			return this.future.get(timeout, unit);
		}

	}

}
