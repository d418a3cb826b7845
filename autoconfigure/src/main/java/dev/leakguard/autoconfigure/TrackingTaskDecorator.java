package dev.leakguard.autoconfigure;

import java.util.concurrent.RunnableScheduledFuture;

import dev.leakguard.executor.TaskRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskDecorator;

/**
 * Tracks the tasks of one Spring executor. The call site is resolved from the task as the
 * application submitted it, before the executor's own decorator (if any) wraps it. A
 * periodic task of a {@code ThreadPoolTaskScheduler} counts from scheduling to cancel.
 */
final class TrackingTaskDecorator implements TaskDecorator {

	private final TaskRegistry registry;

	private final String executor;

	private final @Nullable TaskDecorator delegate;

	TrackingTaskDecorator(TaskRegistry registry, String executor, @Nullable TaskDecorator delegate) {
		this.registry = registry;
		this.executor = executor;
		this.delegate = delegate;
	}

	@Override
	public Runnable decorate(Runnable runnable) {
		String callSite = this.registry.callSite(runnable);
		Runnable decorated = (this.delegate != null) ? this.delegate.decorate(runnable) : runnable;
		if (runnable instanceof RunnableScheduledFuture<?> scheduled && scheduled.isPeriodic()) {
			// a TaskScheduler hands over the schedule itself, once: count it until cancelled, not per run
			return this.registry.wrapScheduled(decorated, scheduled, callSite, this.executor);
		}
		return this.registry.wrap(decorated, callSite, this.executor);
	}

}
