package dev.leakguard.http;

import dev.leakguard.scope.CancelCause;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * An outbound call failed, or was not made, because its request's deadline passed or
 * its request was cancelled. Escaping a handler, it answers 504.
 */
@ResponseStatus(HttpStatus.GATEWAY_TIMEOUT)
public class DeadlineExceededException extends RuntimeException {

	public DeadlineExceededException(String target, CancelCause cause, Throwable failure) {
		super(message(target, cause), failure);
	}

	public DeadlineExceededException(String target, CancelCause cause) {
		super(message(target, cause));
	}

	private static String message(String target, CancelCause cause) {
		return switch (cause) {
			case DEADLINE_EXCEEDED -> "Request deadline passed before " + target + " answered";
			case REQUEST_ENDED -> "Request ended before " + target + " answered";
			case CANCELLED -> "Request cancelled before " + target + " answered";
		};
	}

}
