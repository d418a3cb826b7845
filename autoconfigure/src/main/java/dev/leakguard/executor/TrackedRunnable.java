package dev.leakguard.executor;

import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

final class TrackedRunnable extends InterruptibleTask implements Runnable {

	private final Runnable delegate;

	TrackedRunnable(Runnable delegate, SiteTasks site, @Nullable RequestScope scope) {
		super(site, scope);
		this.delegate = delegate;
	}

	@Override
	public void run() {
		begin();
		try {
			this.delegate.run();
		}
		finally {
			end();
		}
	}

}
