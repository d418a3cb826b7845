package dev.leakguard.http;

import java.io.IOException;
import java.time.Duration;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Holds RestClient and RestTemplate calls to the current request's deadline (see
 * {@link DeadlineGuard}) as an interceptor. Spring runs a client with any interceptor
 * through its intercepting request (a second request object, the headers copied, the
 * body buffered), so a RestClient whose request factory leakguard can reach gets the same
 * guard from {@link DeadlineRequestFactory} instead ({@link RestClientDeadlines}).
 */
public final class DeadlineInterceptor implements ClientHttpRequestInterceptor {

	private final DeadlineGuard guard;

	/**
	 * Creates the interceptor of one kind of client.
	 * @param client the client's name in the metrics
	 * @param listener told of every call that failed on its deadline
	 * @param hosts the hosts that are sent the remaining deadline
	 * @param callBound how long a call made outside any request may take
	 */
	public DeadlineInterceptor(String client, DeadlineExceededListener listener, DeadlineHosts hosts,
			Duration callBound) {
		this.guard = new DeadlineGuard(client, listener, hosts, callBound);
	}

	DeadlineGuard guard() {
		return this.guard;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		return this.guard.call(request, () -> execution.execute(request, body));
	}

}
