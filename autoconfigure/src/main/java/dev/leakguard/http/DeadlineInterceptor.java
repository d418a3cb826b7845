package dev.leakguard.http;

import java.io.IOException;
import java.time.Duration;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.TimeoutHeader;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Holds RestClient and RestTemplate calls to the current request's deadline: fails fast
 * once it passed, sends what remains downstream as {@code X-Request-Deadline}, and
 * interrupts the call when it passes (the JDK, Reactor Netty and Jetty request factories
 * abort on interrupt, and so does any factory on a virtual thread; Apache HttpClient
 * built by Boot gets a per-request response timeout instead). Outside any request, a
 * call gets a bound of its own, so a client whose request factory has no timeouts cannot
 * wait forever.
 */
public final class DeadlineInterceptor implements ClientHttpRequestInterceptor {

	private final String client;

	private final DeadlineExceededListener listener;

	private final DeadlineHosts hosts;

	private final Duration callBound;

	/**
	 * Creates the interceptor of one kind of client.
	 * @param client the client's name in the metrics
	 * @param listener told of every call that failed on its deadline
	 * @param hosts the hosts that are sent the remaining deadline
	 * @param callBound how long a call made outside any request may take
	 */
	public DeadlineInterceptor(String client, DeadlineExceededListener listener, DeadlineHosts hosts,
			Duration callBound) {
		this.client = client;
		this.listener = listener;
		this.hosts = hosts;
		this.callBound = callBound;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		RequestScope scope = RequestScope.current();
		if (scope == null) {
			return bounded(request, body, execution);
		}
		CancelCause cause = scope.cause();
		if (cause != null) {
			throw DeadlineExceededException.reported(this.listener, this.client, target(request), cause, null);
		}
		if (this.hosts.matches(request.getURI().getHost())) {
			request.getHeaders().set(TimeoutHeader.REQUEST_DEADLINE, TimeoutHeader.format(scope.remaining()));
		}
		return execute(request, body, execution, scope, false);
	}

	private ClientHttpResponse bounded(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		RequestScope bound = RequestScope.create(this.callBound);
		try {
			return execute(request, body, execution, bound, true);
		}
		finally {
			bound.end();
		}
	}

	/**
	 * Runs the call, interrupted if the scope is cancelled meanwhile; a failure once it was
	 * is the deadline's, or, for a call made outside any request, its bound's.
	 */
	private ClientHttpResponse execute(HttpRequest request, byte[] body, ClientHttpRequestExecution execution,
			RequestScope scope, boolean bound) throws IOException {
		try (CallerInterrupter interrupter = new CallerInterrupter(scope)) {
			try {
				return execution.execute(request, body);
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

}
