package dev.leakguard.http;

import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;

import dev.leakguard.scope.RequestScope;
import dev.leakguard.scope.TimeoutHeader;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeStrategies;

/**
 * A WebClient request as it was, that also sends the scope's remaining deadline as
 * {@code X-Request-Deadline}, written on the connector's request as the request is
 * written: {@code ClientRequest.from(request)} to add one header would copy the request's
 * headers, cookies and attributes on every call. It replaces a deadline header the
 * application set, as a copy with the header set would: Spring copies the request's own
 * headers only where the connector's request has none yet. A filter after leakguard's
 * that copies this request keeps the header: the copy takes {@link #httpRequest()}, which
 * writes it after the headers. The request's own {@link #headers()} do not show it.
 */
final class DeadlineClientRequest implements ClientRequest {

	private final ClientRequest request;

	private final RequestScope scope;

	DeadlineClientRequest(ClientRequest request, RequestScope scope) {
		this.request = request;
		this.scope = scope;
	}

	@Override
	public Mono<Void> writeTo(ClientHttpRequest target, ExchangeStrategies strategies) {
		writeDeadline(target); // first: the request's own headers are copied only where absent
		return this.request.writeTo(target, strategies);
	}

	@Override
	public Consumer<ClientHttpRequest> httpRequest() {
		Consumer<ClientHttpRequest> own = this.request.httpRequest();
		return (own != null) ? own.andThen(this::writeDeadline) : this::writeDeadline;
	}

	private void writeDeadline(ClientHttpRequest target) {
		target.getHeaders().set(TimeoutHeader.REQUEST_DEADLINE, TimeoutHeader.format(this.scope.remaining()));
	}

	@Override
	public HttpMethod method() {
		return this.request.method();
	}

	@Override
	public URI url() {
		return this.request.url();
	}

	@Override
	public HttpHeaders headers() {
		return this.request.headers();
	}

	@Override
	public MultiValueMap<String, String> cookies() {
		return this.request.cookies();
	}

	@Override
	public BodyInserter<?, ? super ClientHttpRequest> body() {
		return this.request.body();
	}

	@Override
	public Map<String, Object> attributes() {
		return this.request.attributes();
	}

	@Override
	public String logPrefix() {
		return this.request.logPrefix();
	}

	@Override
	public String toString() {
		return this.request.toString();
	}

}
