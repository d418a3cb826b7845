package dev.leakguard.test;

import java.util.HashSet;
import java.util.Set;

/**
 * Platform threads the check must know about without a dump.
 */
final class Threads {

	private Threads() {
	}

	static long currentId() {
		return id(Thread.currentThread());
	}

	@SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
	static long id(Thread thread) {
		return thread.getId();
	}

	/**
	 * Returns the ids of the carrier threads of virtual threads: the JDK starts them on
	 * demand, they belong to no test.
	 * @return the carriers' ids
	 */
	@SuppressWarnings("deprecation")
	static Set<Long> carrierIds() {
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] threads = new Thread[root.activeCount() + 64];
		int count = root.enumerate(threads, true);
		Set<Long> carriers = new HashSet<>();
		for (int i = 0; i < count; i++) {
			Thread thread = threads[i];
			ThreadGroup group = thread.getThreadGroup();
			if (thread.getClass().getName().equals("jdk.internal.misc.CarrierThread")
					|| (group != null && group.getName().equals("CarrierThreads"))) {
				carriers.add(thread.getId());
			}
		}
		return carriers;
	}

}
