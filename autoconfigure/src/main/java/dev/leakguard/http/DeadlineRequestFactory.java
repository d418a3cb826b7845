package dev.leakguard.http;

import java.io.IOException;
import java.net.URI;

import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A request factory whose requests keep the current request's deadline themselves (see
 * {@link DeadlineGuard}): the guard of {@link DeadlineInterceptor} without Spring's
 * intercepting request around every call.
 */
public final class DeadlineRequestFactory implements ClientHttpRequestFactory {

	private final ClientHttpRequestFactory delegate;

	private final DeadlineGuard guard;

	DeadlineRequestFactory(ClientHttpRequestFactory delegate, DeadlineGuard guard) {
		this.delegate = delegate;
		this.guard = guard;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		ClientHttpRequest request = this.delegate.createRequest(uri, httpMethod);
		return (request instanceof StreamingHttpOutputMessage) ? new GuardedStreamingRequest(request, this.guard)
				: new GuardedRequest(request, this.guard);
	}

	private static class GuardedRequest extends ForwardingRequest {

		private final DeadlineGuard guard;

		GuardedRequest(ClientHttpRequest delegate, DeadlineGuard guard) {
			super(delegate);
			this.guard = guard;
		}

		@Override
		public ClientHttpResponse execute() throws IOException {
			return this.guard.call(this, this.delegate::execute);
		}

	}

	/** Over a request that streams: its body is written as it is sent, not buffered first. */
	private static final class GuardedStreamingRequest extends GuardedRequest implements StreamingHttpOutputMessage {

		GuardedStreamingRequest(ClientHttpRequest delegate, DeadlineGuard guard) {
			super(delegate, guard);
		}

	}

}
