package dev.leakguard.executor;

import java.util.concurrent.Callable;

import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

final class TrackedCallable<T> extends InterruptibleTask implements Callable<T> {

	private final Callable<T> delegate;

	TrackedCallable(Callable<T> delegate, SiteTasks site, @Nullable RequestScope scope) {
		super(site, scope);
		this.delegate = delegate;
	}

	@Override
	public T call() throws Exception {
		begin();
		try {
			return this.delegate.call();
		}
		finally {
			end();
		}
	}

}
