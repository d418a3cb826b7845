package dev.leakguard.autoconfigure;

import java.time.Duration;
import java.util.function.Function;

import dev.leakguard.autoconfigure.LeakguardProperties.OnRequestEnd;
import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.TimeoutHeader;
import org.jspecify.annotations.Nullable;

/**
 * The policy shared by the servlet and reactive filters: the deadline an inbound request
 * gets, and what its end does to the work it started.
 */
final class RequestScopes {

	private final Duration deadline;

	private final OnRequestEnd onRequestEnd;

	RequestScopes(LeakguardProperties properties) {
		this.deadline = properties.getRequest().getDeadline();
		this.onRequestEnd = properties.getTasks().getOnRequestEnd();
	}

	/**
	 * Returns the request's timeout: the configured deadline, shortened by an inbound
	 * {@code X-Request-Deadline} or {@code grpc-timeout} header.
	 * @param headers reads a request header
	 * @return the timeout
	 */
	Duration timeout(Function<String, @Nullable String> headers) {
		Duration timeout = this.deadline;
		for (String header : new String[] { TimeoutHeader.REQUEST_DEADLINE, TimeoutHeader.GRPC_TIMEOUT }) {
			Duration inbound = TimeoutHeader.parse(headers.apply(header));
			if (inbound != null && inbound.compareTo(timeout) < 0) {
				timeout = inbound;
			}
		}
		return timeout;
	}

	void ended(RequestScope scope) {
		scope.close();
		if (this.onRequestEnd == OnRequestEnd.CANCEL) {
			scope.cancel(CancelCause.REQUEST_ENDED);
		}
	}

}
