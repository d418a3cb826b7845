package dev.leakguard.executor;

import java.util.concurrent.Callable;

import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

final class TrackedCallable<T> extends InterruptibleTask implements Callable<T> {

	private @Nullable Callable<T> delegate;

	TrackedCallable(Callable<T> delegate, SiteTasks site, @Nullable RequestScope scope) {
		super(site, scope);
		this.delegate = delegate;
	}

	@Override
	public T call() throws Exception {
		begin();
		Callable<T> delegate = this.delegate;
		if (isWatched()) {
			this.delegate = null; // only the thread's own stack may lead to what it runs
		}
		try {
			return delegate.call();
		}
		finally {
			end();
		}
	}

}
