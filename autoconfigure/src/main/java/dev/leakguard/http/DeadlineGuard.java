package dev.leakguard.http;

import java.io.IOException;
import java.time.Duration;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.TimeoutHeader;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Holds a RestClient or RestTemplate call to the current request's deadline: fails fast
 * once it passed, sends what remains downstream as {@code X-Request-Deadline}, and
 * interrupts the call when it passes (the JDK, Reactor Netty and Jetty request factories
 * abort on interrupt, and so does any factory on a virtual thread; Apache HttpClient
 * built by Boot gets a per-request response timeout instead). Outside any request, a
 * call gets a bound of its own, so a client whose request factory has no timeouts cannot
 * wait forever. Applied by {@link DeadlineInterceptor} or {@link DeadlineRequestFactory}.
 */
final class DeadlineGuard {

	private final String client;

	private final DeadlineExceededListener listener;

	private final DeadlineHosts hosts;

	private final Duration callBound;

	DeadlineGuard(String client, DeadlineExceededListener listener, DeadlineHosts hosts, Duration callBound) {
		this.client = client;
		this.listener = listener;
		this.hosts = hosts;
		this.callBound = callBound;
	}

	/**
	 * Makes the call under the current request's deadline, or under the call bound.
	 * @param request the request, its headers still writable
	 * @param call sends it
	 * @return the answer
	 * @throws IOException as the call does, or a {@link DeadlineExceededException}
	 */
	ClientHttpResponse call(HttpRequest request, Call call) throws IOException {
		RequestScope scope = RequestScope.current();
		if (scope == null) {
			return bounded(request, call);
		}
		CancelCause cause = scope.cause();
		if (cause != null) {
			throw DeadlineExceededException.reported(this.listener, this.client, target(request), cause, null);
		}
		if (this.hosts.matches(request.getURI().getHost())) {
			request.getHeaders().set(TimeoutHeader.REQUEST_DEADLINE, TimeoutHeader.format(scope.remaining()));
		}
		return execute(request, call, scope, false);
	}

	private ClientHttpResponse bounded(HttpRequest request, Call call) throws IOException {
		RequestScope bound = RequestScope.create(this.callBound);
		try {
			return execute(request, call, bound, true);
		}
		finally {
			bound.end();
		}
	}

	/**
	 * Runs the call, interrupted if the scope is cancelled meanwhile; a failure once it was
	 * is the deadline's, or, for a call made outside any request, its bound's.
	 */
	private ClientHttpResponse execute(HttpRequest request, Call call, RequestScope scope, boolean bound)
			throws IOException {
		try (CallerInterrupter interrupter = new CallerInterrupter(scope)) {
			try {
				return call.execute();
			}
			catch (IOException | RuntimeException ex) {
				CancelCause fired = (interrupter.fired() != null) ? interrupter.fired() : scope.cause();
				if (fired == null) {
					throw ex;
				}
				throw bound ? DeadlineExceededException.outOfBound(this.listener, this.client, target(request),
						this.callBound, ex)
						: DeadlineExceededException.reported(this.listener, this.client, target(request), fired, ex);
			}
		}
	}

	private static String target(HttpRequest request) {
		return request.getMethod() + " " + request.getURI();
	}

	/** Sends the request. */
	@FunctionalInterface
	interface Call {

		ClientHttpResponse execute() throws IOException;

	}

}
