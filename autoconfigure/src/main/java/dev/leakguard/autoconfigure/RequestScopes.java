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

	private static final String[] INBOUND_HEADERS = { TimeoutHeader.REQUEST_DEADLINE, TimeoutHeader.GRPC_TIMEOUT };

	private final Duration deadline;

	private final OnRequestEnd onRequestEnd;

	private final boolean trustInbound;

	private final Duration floor;

	RequestScopes(LeakguardProperties properties) {
		this.deadline = properties.getRequest().getDeadline();
		this.onRequestEnd = properties.getTasks().getOnRequestEnd();
		this.trustInbound = properties.getRequest().isTrustInboundDeadline();
		this.floor = properties.getRequest().getInboundDeadlineFloor();
	}

	/**
	 * Returns the request's timeout: the configured deadline, shortened by an inbound
	 * {@code X-Request-Deadline} or {@code grpc-timeout} header if inbound deadlines are
	 * trusted, but never below the floor.
	 * @param headers reads a request header
	 * @return the timeout
	 */
	Duration timeout(Function<String, @Nullable String> headers) {
		Duration timeout = this.deadline;
		if (!this.trustInbound) {
			return timeout;
		}
		for (String header : INBOUND_HEADERS) {
			Duration inbound = TimeoutHeader.parse(headers.apply(header));
			Duration bounded = (inbound == null || inbound.compareTo(this.floor) >= 0) ? inbound : this.floor;
			if (bounded != null && bounded.compareTo(timeout) < 0) {
				timeout = bounded;
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
