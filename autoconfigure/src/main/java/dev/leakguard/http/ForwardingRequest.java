package dev.leakguard.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;

/**
 * A request that hands all but {@link #execute()} to the request it wraps.
 */
abstract class ForwardingRequest implements ClientHttpRequest {

	final ClientHttpRequest delegate;

	ForwardingRequest(ClientHttpRequest delegate) {
		this.delegate = delegate;
	}

	/**
	 * The body, for subclasses that implement {@link StreamingHttpOutputMessage} over a
	 * request that streams.
	 * @param body writes the body
	 */
	public void setBody(StreamingHttpOutputMessage.Body body) {
		((StreamingHttpOutputMessage) this.delegate).setBody(body);
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
