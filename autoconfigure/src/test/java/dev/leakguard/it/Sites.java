package dev.leakguard.it;

import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;

/**
 * Finding a call site's tasks in the registry, in tests.
 */
final class Sites {

	private Sites() {
	}

	/**
	 * Returns the tasks of the first call site containing the given text, on one executor.
	 * @param registry the registry
	 * @param callSite part of the call site
	 * @param executor the executor's name
	 * @return the call site's tasks
	 * @throws AssertionError if there is none
	 */
	static SiteTasks site(TaskRegistry registry, String callSite, String executor) {
		return registry.sites()
			.stream()
			.filter((site) -> site.callSite().contains(callSite) && site.executor().equals(executor))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no call site " + callSite + " on " + executor));
	}

}
