package dev.leakguard.executor;

import java.util.concurrent.Executor;

/**
 * An {@link Executor} whose tasks inherit the submitter's scope and are recorded in a
 * {@link TaskRegistry}.
 */
public final class TrackingExecutor implements Executor {

	private final Executor delegate;

	private final TaskRegistry registry;

	private final String name;

	public TrackingExecutor(Executor delegate, TaskRegistry registry, String name) {
		this.delegate = delegate;
		this.registry = registry;
		this.name = name;
	}

	@Override
	public void execute(Runnable command) {
		this.delegate.execute(this.registry.wrap(command, this.name));
	}

	@Override
	public String toString() {
		return "Tracking[" + this.delegate + "]";
	}

}
