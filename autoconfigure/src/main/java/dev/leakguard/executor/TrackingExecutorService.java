package dev.leakguard.executor;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An {@link ExecutorService} whose tasks inherit the submitter's scope and are recorded
 * in a {@link TaskRegistry}. Everything else is the delegate's.
 */
public class TrackingExecutorService implements ExecutorService {

	final ExecutorService delegate;

	final TaskRegistry registry;

	final String name;

	public TrackingExecutorService(ExecutorService delegate, TaskRegistry registry, String name) {
		this.delegate = delegate;
		this.registry = registry;
		this.name = name;
	}

	/**
	 * Returns the wrapped executor.
	 * @return the delegate
	 */
	public ExecutorService getDelegate() {
		return this.delegate;
	}

	@Override
	public void execute(Runnable command) {
		this.delegate.execute(this.registry.wrap(command, this.name));
	}

	@Override
	public Future<?> submit(Runnable task) {
		return this.delegate.submit(this.registry.wrap(task, this.name));
	}

	@Override
	public <T> Future<T> submit(Runnable task, T result) {
		return this.delegate.submit(this.registry.wrap(task, this.name), result);
	}

	@Override
	public <T> Future<T> submit(Callable<T> task) {
		return this.delegate.submit(this.registry.wrap(task, this.name));
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
		return this.delegate.invokeAll(this.registry.wrapAll(tasks, this.name));
	}

	@Override
	public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException {
		return this.delegate.invokeAll(this.registry.wrapAll(tasks, this.name), timeout, unit);
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
		return this.delegate.invokeAny(this.registry.wrapAll(tasks, this.name));
	}

	@Override
	public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
			throws InterruptedException, ExecutionException, TimeoutException {
		return this.delegate.invokeAny(this.registry.wrapAll(tasks, this.name), timeout, unit);
	}

	@Override
	public void shutdown() {
		this.delegate.shutdown();
	}

	@Override
	public List<Runnable> shutdownNow() {
		return this.delegate.shutdownNow();
	}

	@Override
	public boolean isShutdown() {
		return this.delegate.isShutdown();
	}

	@Override
	public boolean isTerminated() {
		return this.delegate.isTerminated();
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.delegate.awaitTermination(timeout, unit);
	}

	@Override
	public String toString() {
		return "Tracking[" + this.delegate + "]";
	}

}
