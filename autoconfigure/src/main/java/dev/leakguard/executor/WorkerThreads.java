package dev.leakguard.executor;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The threads seen running tracked tasks, remembered only once asked to (by a test's leak
 * gate): off, it costs a volatile read per task.
 */
final class WorkerThreads {

	private volatile @Nullable Set<Long> ids;

	void enable() {
		synchronized (this) {
			if (this.ids == null) {
				this.ids = ConcurrentHashMap.newKeySet();
			}
		}
	}

	@SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
	void seen() {
		Set<Long> ids = this.ids;
		if (ids != null) {
			ids.add(Thread.currentThread().getId());
		}
	}

	Set<Long> ids() {
		Set<Long> ids = this.ids;
		return (ids != null) ? Set.copyOf(ids) : Set.of();
	}

}
