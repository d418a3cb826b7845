package dev.leakguard.scope;

/**
 * Why a {@link RequestScope} was cancelled.
 */
public enum CancelCause {

	/** The scope's deadline passed. */
	DEADLINE_EXCEEDED,

	/** The request ended while work it started was still running, and the policy is to cancel it. */
	REQUEST_ENDED,

	/** Somebody called {@link RequestScope#cancel()}. */
	CANCELLED

}
