package dev.leakguard.autoconfigure;

import java.lang.reflect.Field;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

import dev.leakguard.executor.TaskRegistry;

import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.util.ReflectionUtils;

/**
 * A {@link ThreadPoolTaskExecutor} that tracks its tasks as they are submitted, in place
 * of a bean of exactly that class (Boot's {@code applicationTaskExecutor}). A
 * {@code TaskDecorator} would do the same, but Spring keeps a weakly referenced map entry
 * for every decorated task (to cancel its future at shutdown), and that entry, its lock
 * and the garbage collector's work on its reference cost more per task than leakguard's
 * own tracking (spring-projects/spring-framework#37298). The application's own decorator,
 * if any, still runs, and pays that as it would without leakguard. Tasks are seen as the
 * application submitted them, so a lambda names its call site from a per-class cache.
 */
final class TrackingThreadPoolTaskExecutor extends ThreadPoolTaskExecutor {

	private final TaskRegistry registry;

	private final String name;

	private TrackingThreadPoolTaskExecutor(TaskRegistry registry, String name) {
		this.registry = registry;
		this.name = name;
	}

	/**
	 * Returns a tracking executor configured like the given one, which must not be
	 * initialized yet: every setting is copied, field by field, before any thread exists.
	 * @param original the executor as the application configured it
	 * @param registry where tasks are tracked
	 * @param beanName the bean's name, which names the executor in reports
	 * @return the replacement
	 */
	static TrackingThreadPoolTaskExecutor replacing(ThreadPoolTaskExecutor original, TaskRegistry registry,
			String beanName) {
		TrackingThreadPoolTaskExecutor copy = new TrackingThreadPoolTaskExecutor(registry, beanName);
		ReflectionUtils.shallowCopyFieldState(original, copy);
		// an executor is its own thread factory unless told otherwise: the copy, not the original
		Field factory = ReflectionUtils.findField(ExecutorConfigurationSupport.class, "threadFactory");
		if (factory != null) {
			ReflectionUtils.makeAccessible(factory);
			if (ReflectionUtils.getField(factory, copy) == original) {
				ReflectionUtils.setField(factory, copy, copy);
			}
		}
		return copy;
	}

	@Override
	public void execute(Runnable task) {
		super.execute(this.registry.wrap(task, this.name));
	}

	@Override
	public Future<?> submit(Runnable task) {
		return super.submit(this.registry.wrap(task, this.name));
	}

	@Override
	public <T> Future<T> submit(Callable<T> task) {
		return super.submit(this.registry.wrap(task, this.name));
	}

}
