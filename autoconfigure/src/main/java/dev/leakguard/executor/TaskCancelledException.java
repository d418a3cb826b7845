package dev.leakguard.executor;

import java.util.concurrent.CancellationException;

import dev.leakguard.scope.CancelCause;

/**
 * Thrown instead of running a task whose request scope was cancelled, or whose deadline
 * passed, before the task could start.
 */
public class TaskCancelledException extends CancellationException {

	private final CancelCause cause;

	public TaskCancelledException(String callSite, CancelCause cause) {
		super("Task from " + callSite + " not started: " + cause.name().toLowerCase().replace('_', ' '));
		this.cause = cause;
	}

	public CancelCause getCancelCause() {
		return this.cause;
	}

}
