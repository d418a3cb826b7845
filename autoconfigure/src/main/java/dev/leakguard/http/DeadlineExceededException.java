package dev.leakguard.http;

import java.time.Duration;

import dev.leakguard.scope.CancelCause;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * An outbound call failed, or was not made, because its request's deadline passed or
 * its request was cancelled. Escaping a handler, it answers 504.
 */
@ResponseStatus(HttpStatus.GATEWAY_TIMEOUT)
public class DeadlineExceededException extends RuntimeException {

	public DeadlineExceededException(String target, CancelCause cause, @Nullable Throwable failure) {
		super(message(target, cause), failure);
	}

	/**
	 * Creates the failure of one outbound call and tells the listener if the call failed
	 * on its deadline (not on another kind of cancellation).
	 */
	static DeadlineExceededException reported(DeadlineExceededListener listener, String client, String target,
			CancelCause cause, @Nullable Throwable failure) {
		if (cause == CancelCause.DEADLINE_EXCEEDED) {
			listener.deadlineExceeded(client);
		}
		return new DeadlineExceededException(target, cause, failure);
	}

	/**
	 * Creates the failure of a call made outside any request that took longer than the
	 * bound leakguard gives such calls, and tells the listener.
	 */
	static DeadlineExceededException outOfBound(DeadlineExceededListener listener, String client, String target,
			Duration bound, @Nullable Throwable failure) {
		listener.deadlineExceeded(client);
		return new DeadlineExceededException("No answer from " + target + " within " + seconds(bound)
				+ ", the bound leakguard gives calls made outside a request"
				+ " (leakguard.http.connect-timeout + leakguard.http.read-timeout)", failure);
	}

	private DeadlineExceededException(String message, @Nullable Throwable failure) {
		super(message, failure);
	}

	private static String seconds(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
	}

	private static String message(String target, CancelCause cause) {
		return switch (cause) {
			case DEADLINE_EXCEEDED -> "Request deadline passed before " + target + " answered";
			case REQUEST_ENDED -> "Request ended before " + target + " answered";
			case CANCELLED -> "Request cancelled before " + target + " answered";
		};
	}

}
