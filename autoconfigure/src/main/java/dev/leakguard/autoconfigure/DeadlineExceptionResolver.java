package dev.leakguard.autoconfigure;

import java.io.IOException;
import java.util.concurrent.CancellationException;

import dev.leakguard.executor.TaskCancelledException;
import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.RequestScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers 504 when a handler fails because its deadline passed: a task that was not
 * started because its scope's deadline had passed surfaces as a
 * {@link TaskCancelledException}, often wrapped in an {@code ExecutionException} or
 * {@code CompletionException} by the future the handler waited on, or, once the
 * request's deadline passed, a {@code CancellationException} (a queued task cancelled
 * before it started) or an {@code InterruptedException} (a running task interrupted). The application's own
 * {@code @ExceptionHandler}s run first.
 */
final class DeadlineExceptionResolver implements HandlerExceptionResolver, Ordered {

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (!deadlinePassed(ex)) {
			return null;
		}
		try {
			response.sendError(HttpStatus.GATEWAY_TIMEOUT.value(), "Request deadline passed");
		}
		catch (IOException io) {
			return null;
		}
		return new ModelAndView();
	}

	private static boolean deadlinePassed(Throwable ex) {
		RequestScope scope = RequestScope.current();
		boolean expired = scope != null && scope.cause() == CancelCause.DEADLINE_EXCEEDED;
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof TaskCancelledException cancelled) {
				return cancelled.getCancelCause() == CancelCause.DEADLINE_EXCEEDED;
			}
			if ((cause instanceof CancellationException || cause instanceof InterruptedException) && expired) {
				return true; // a task of this request, cancelled or interrupted by its deadline
			}
		}
		return false;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
