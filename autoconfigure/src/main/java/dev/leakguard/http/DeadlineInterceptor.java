package dev.leakguard.http;

import java.io.IOException;

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
 * abort on interrupt; Apache HttpClient gets a per-request response timeout instead).
 */
public final class DeadlineInterceptor implements ClientHttpRequestInterceptor {

	private final String client;

	private final DeadlineExceededListener listener;

	private final DeadlineHosts hosts;

	public DeadlineInterceptor(String client, DeadlineExceededListener listener) {
		this(client, listener, DeadlineHosts.ALL);
	}

	public DeadlineInterceptor(String client, DeadlineExceededListener listener, DeadlineHosts hosts) {
		this.client = client;
		this.listener = listener;
		this.hosts = hosts;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		RequestScope scope = RequestScope.current();
		if (scope == null) {
			return execution.execute(request, body);
		}
		CancelCause cause = scope.cause();
		if (cause != null) {
			throw DeadlineExceededException.reported(this.listener, this.client, target(request), cause, null);
		}
		if (this.hosts.matches(request.getURI().getHost())) {
			request.getHeaders().set(TimeoutHeader.REQUEST_DEADLINE, TimeoutHeader.format(scope.remaining()));
		}
		try (CallerInterrupter interrupter = new CallerInterrupter(scope)) {
			try {
				return execution.execute(request, body);
			}
			catch (IOException | RuntimeException ex) {
				CancelCause fired = (interrupter.fired() != null) ? interrupter.fired() : scope.cause();
				if (fired != null) {
					throw DeadlineExceededException.reported(this.listener, this.client, target(request), fired, ex);
				}
				throw ex;
			}
		}
	}

	private static String target(HttpRequest request) {
		return request.getMethod() + " " + request.getURI();
	}

}
