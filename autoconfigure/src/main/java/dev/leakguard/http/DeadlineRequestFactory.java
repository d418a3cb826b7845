package dev.leakguard.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpHeaders;
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

	private static class GuardedRequest implements ClientHttpRequest {

		final ClientHttpRequest delegate;

		private final DeadlineGuard guard;

		GuardedRequest(ClientHttpRequest delegate, DeadlineGuard guard) {
			this.delegate = delegate;
			this.guard = guard;
		}

		@Override
		public ClientHttpResponse execute() throws IOException {
			return this.guard.call(this, this.delegate::execute);
		}

		@Override
		public OutputStream getBody() throws IOException {
			return this.delegate.getBody();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.delegate.getHeaders();
		}

		@Override
		public HttpMethod getMethod() {
			return this.delegate.getMethod();
		}

		@Override
		public URI getURI() {
			return this.delegate.getURI();
		}

		@Override
		public Map<String, Object> getAttributes() {
			return this.delegate.getAttributes();
		}

	}

	private static final class GuardedStreamingRequest extends GuardedRequest implements StreamingHttpOutputMessage {

		GuardedStreamingRequest(ClientHttpRequest delegate, DeadlineGuard guard) {
			super(delegate, guard);
		}

		@Override
		public void setBody(Body body) {
			((StreamingHttpOutputMessage) this.delegate).setBody(body);
		}

	}

}
