package dev.leakguard.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.leakguard.scope.TimeoutHeader;

/**
 * A loopback upstream that answers "ok" and remembers the deadline header it was sent,
 * and the call through {@link PlainClients} that reaches it.
 */
final class HeaderRecordingUpstream implements AutoCloseable {

	private static final HttpClient http = HttpClient.newHttpClient();

	private final AtomicReference<String> received = new AtomicReference<>("unset");

	private final HttpServer server;

	HeaderRecordingUpstream() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			List<String> values = exchange.getRequestHeaders().get(TimeoutHeader.REQUEST_DEADLINE);
			this.received.set((values != null) ? String.join(",", values) : "null");
			byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/";
	}

	/**
	 * The deadline header of the last call, its values joined by commas if it was sent
	 * more than once; {@code "null"} if it had none.
	 */
	String received() {
		return this.received.get();
	}

	/**
	 * Asks the application on {@code port} to call {@code upstream} with one of
	 * {@link PlainClients}' clients, under the given inbound deadline.
	 */
	static HttpResponse<String> call(int port, String client, String upstream, String deadline) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + port + "/plain?client=" + client + "&upstream=" + upstream);
		return http.send(HttpRequest.newBuilder(uri)
			.header(TimeoutHeader.REQUEST_DEADLINE, deadline)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
