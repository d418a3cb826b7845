package dev.leakguard.http;

/**
 * Told each time an outbound call fails on its request's deadline.
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
