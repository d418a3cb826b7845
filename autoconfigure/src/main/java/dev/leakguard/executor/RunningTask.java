package dev.leakguard.executor;

import org.jspecify.annotations.Nullable;

/**
 * A tracked task running now, as tools outside the registry see it.
 *
 * @param id the task's identity, stable while it runs
 * @param callSite where it was submitted
 * @param executor the executor it runs on
 * @param route the route of the request that submitted it, or {@code null}
 * @param thread the thread running it, or {@code null} for a periodic task between runs
 * @param periodic whether it is a periodic task, active from scheduling to cancel
 */
public record RunningTask(Object id, String callSite, String executor, @Nullable String route,
		@Nullable Thread thread, boolean periodic) {
}
