package org.springframework.samples.petclinic;

import java.util.concurrent.FutureTask;
import java.util.function.Function;

/**
 * Application code laid out like Spring's own samples, under {@code org.springframework}.
 */
public final class VisitScheduler {

	private VisitScheduler() {
	}

	/** Submits a lambda, whose class is this application's. */
	public static String submitLambda(Function<Runnable, String> executor) {
		return executor.apply(() -> {
		});
	}

	/** Submits through {@code submit()}, so the executor sees a {@code FutureTask}. */
	public static String submitFutureTask(Function<Runnable, String> executor) {
		return executor.apply(new FutureTask<>(() -> null));
	}

	/** Submits through {@code submit()} from another line of the same application. */
	public static String submitAnotherFutureTask(Function<Runnable, String> executor) {
		return executor.apply(new FutureTask<>(() -> null));
	}

}
