package dev.leakguard.executor;

import java.util.List;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ThreadPoolExecutor} that tracks its tasks: it stands in for a bean declared by
 * that concrete class, with the same configuration and work queue, so the bean keeps its
 * type (and Micrometer's executor metrics still bind to it).
 */
public final class TrackingThreadPoolExecutor extends ThreadPoolExecutor {

	private final TaskRegistry registry;

	private final String name;

	private TrackingThreadPoolExecutor(ThreadPoolExecutor original, TaskRegistry registry, String name) {
		super(original.getCorePoolSize(), original.getMaximumPoolSize(),
				original.getKeepAliveTime(TimeUnit.NANOSECONDS), TimeUnit.NANOSECONDS, original.getQueue(),
				original.getThreadFactory(), original.getRejectedExecutionHandler());
		allowCoreThreadTimeOut(original.allowsCoreThreadTimeOut());
		this.registry = registry;
		this.name = name;
	}

	/**
	 * Returns a tracking executor configured as the given one, which is shut down: it has
	 * run nothing yet, as a bean being initialized.
	 * @param original the executor the application declared
	 * @param registry where tasks are tracked
	 * @param name the bean's name, for the executor tag
	 * @return the executor to use instead
	 */
	public static TrackingThreadPoolExecutor replacing(ThreadPoolExecutor original, TaskRegistry registry,
			String name) {
		boolean started = original.getPoolSize() > 0;
		List<Runnable> pending = original.shutdownNow(); // its workers stop; the queue passes on, emptied
		TrackingThreadPoolExecutor replacement = new TrackingThreadPoolExecutor(original, registry, name);
		if (started) {
			replacement.prestartAllCoreThreads();
		}
		pending.forEach(replacement::execute);
		return replacement;
	}

	@Override
	public void execute(Runnable command) {
		super.execute(this.registry.wrap(command, this.name));
	}

}
