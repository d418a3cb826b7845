package dev.leakguard.http;

/**
 * Told each time an outbound call fails because its request's deadline passed (not when
 * the request was cancelled for another reason).
 */
@FunctionalInterface
public interface DeadlineExceededListener {

	/** A listener that does nothing. */
	DeadlineExceededListener NONE = (client) -> {
	};

	/**
	 * Called once per failed call.
	 * @param client {@code restclient}, {@code resttemplate} or {@code webclient}
	 */
	void deadlineExceeded(String client);

}
