package dev.leakguard.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.LateListener;
import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * The read timeout of Spring's JDK request factory, kept by leakguard's deadline timer
 * instead of Spring's: with a read timeout, Spring gives every call a timeout future that
 * it cancels when the response closes, which throws a {@code CancellationException} and
 * two {@code CompletionException}s, each filling in the caller's whole stack (~50 µs per
 * call measured on a Spring MVC handler, a tenth of a loopback call). Same meaning as
 * Spring's: from sending the request until the response is closed, failing with
 * {@link HttpTimeoutException}. Until the answer's headers arrive the calling thread is
 * interrupted, which aborts the JDK client's exchange; after that the response is closed,
 * which ends the body's stream, so nothing interrupts the thread once the call returned.
 */
public final class ReadTimeoutRequestFactory implements ClientHttpRequestFactory {

	private final ClientHttpRequestFactory delegate;

	private final Duration timeout;

	private ReadTimeoutRequestFactory(ClientHttpRequestFactory delegate, Duration timeout) {
		this.delegate = delegate;
		this.timeout = timeout;
	}

	/**
	 * Moves the read timeout of a JDK request factory to leakguard; returns any other
	 * factory as it is.
	 * @param factory the factory as built
	 * @param readTimeout the read timeout it was built with, or {@code null}
	 * @return the factory to use
	 */
	public static ClientHttpRequestFactory of(ClientHttpRequestFactory factory, @Nullable Duration readTimeout) {
		if (factory instanceof JdkClientHttpRequestFactory jdk && readTimeout != null && readTimeout.toMillis() > 0) {
			// none: null is "none" on every Framework 7.0.x; 0 is a zero timeout before 7.0.10
			jdk.setReadTimeout((Duration) null);
			return new ReadTimeoutRequestFactory(jdk, readTimeout);
		}
		return factory;
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		return new TimedRequest(this.delegate.createRequest(uri, httpMethod), this.timeout);
	}

	private static HttpTimeoutException timedOut(ClientHttpRequest request, Duration timeout,
			@Nullable Throwable cause) {
		HttpTimeoutException ex = new HttpTimeoutException("No complete answer from " + request.getMethod() + " "
				+ request.getURI() + " within the read timeout of " + timeout.toMillis() + "ms");
		ex.initCause(cause);
		return ex;
	}

	/** Over the JDK factory's requests, which stream. */
	private static final class TimedRequest extends ForwardingRequest implements StreamingHttpOutputMessage {

		private final Duration timeout;

		TimedRequest(ClientHttpRequest delegate, Duration timeout) {
			super(delegate);
			this.timeout = timeout;
		}

		@Override
		public ClientHttpResponse execute() throws IOException {
			RequestScope bound = RequestScope.create(this.timeout);
			try {
				ClientHttpResponse response;
				try (CallerInterrupter interrupter = new CallerInterrupter(bound)) {
					try {
						response = this.delegate.execute();
					}
					catch (IOException | RuntimeException ex) {
						if (interrupter.fired() != null) {
							throw timedOut(this.delegate, this.timeout, ex);
						}
						throw ex;
					}
				}
				return new TimedResponse(response, bound, this);
			}
			catch (IOException | RuntimeException | Error ex) {
				bound.end();
				throw ex;
			}
		}

	}

	/**
	 * The answer while its body is read: its stream is closed, from the deadline timer's
	 * thread, if the timeout passes first; a read that then ends early fails with the timeout.
	 */
	private static final class TimedResponse extends LateListener implements ClientHttpResponse {

		private final ClientHttpResponse delegate;

		private final RequestScope bound;

		private final TimedRequest request;

		private volatile boolean timedOut;

		private @Nullable InputStream body;

		TimedResponse(ClientHttpResponse delegate, RequestScope bound, TimedRequest request) {
			super(bound);
			this.delegate = delegate;
			this.bound = bound;
			this.request = request;
			begin(); // heard of within a tick: a timeout that passed already closes it then
		}

		/**
		 * Closes the body's stream itself, as Spring's own timeout does: closing the
		 * response would first drain what is left of the body, on the timer's thread.
		 */
		@Override
		protected void cancelled(CancelCause cause) {
			if (!end()) {
				return; // closed meanwhile
			}
			this.timedOut = true;
			try {
				this.delegate.getBody().close();
			}
			catch (IOException ex) {
				// closed already
			}
		}

		@Override
		public InputStream getBody() throws IOException {
			if (this.body == null) {
				this.body = new TimedBody(this.delegate.getBody());
			}
			return this.body;
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.delegate.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.delegate.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.delegate.getHeaders();
		}

		@Override
		public void close() {
			end();
			this.bound.end();
			this.delegate.close();
		}

		private final class TimedBody extends FilterInputStream {

			TimedBody(InputStream in) {
				super(in);
			}

			@Override
			public int read() throws IOException {
				int read;
				try {
					read = super.read();
				}
				catch (IOException ex) {
					throw failure(ex);
				}
				return checked(read);
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				int read;
				try {
					read = super.read(b, off, len);
				}
				catch (IOException ex) {
					throw failure(ex);
				}
				return checked(read);
			}

			/** The end of a body cut short by the timeout is no end. */
			private int checked(int read) throws IOException {
				if (read < 0 && TimedResponse.this.timedOut) {
					throw failure(null);
				}
				return read;
			}

			private IOException failure(@Nullable IOException ex) {
				if (!TimedResponse.this.timedOut && ex != null) {
					return ex;
				}
				return timedOut(TimedResponse.this.request, TimedResponse.this.request.timeout, ex);
			}

		}

	}

}
