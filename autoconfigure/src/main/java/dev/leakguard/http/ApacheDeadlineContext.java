package dev.leakguard.http;

import java.net.URI;
import java.time.Duration;
import java.util.function.BiFunction;

import dev.leakguard.scope.RequestScope;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * Gives each Apache HttpClient 5 call inside a request scope a response timeout of
 * min(remaining deadline, read timeout). Apache's classic blocking reads ignore both
 * thread interrupts and closing the connection from another thread, so the deadline has
 * to be the socket's own timeout. That timeout restarts with every byte: an upstream that
 * trickles bytes can still hold the call up to the read timeout per byte.
 */
public final class ApacheDeadlineContext implements BiFunction<HttpMethod, URI, @Nullable HttpContext> {

	private final Duration readTimeout;

	public ApacheDeadlineContext(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	@Override
	public @Nullable HttpContext apply(HttpMethod method, URI uri) {
		RequestScope scope = RequestScope.current();
		if (scope == null) {
			return null;
		}
		Duration remaining = scope.remaining();
		Duration timeout = (remaining.compareTo(this.readTimeout) < 0) ? remaining : this.readTimeout;
		HttpClientContext context = HttpClientContext.create();
		context.setRequestConfig(RequestConfig.custom()
			.setResponseTimeout(Timeout.ofMilliseconds(Math.max(1, timeout.toMillis())))
			.build());
		return context;
	}

}
