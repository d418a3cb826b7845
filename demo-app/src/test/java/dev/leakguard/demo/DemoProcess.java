package dev.leakguard.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged demo jar running as a separate process on a free loopback port, with the
 * JDK that runs the tests.
 */
final class DemoProcess implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;

	private final int port;

	private DemoProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static DemoProcess start(Path workDir, String address) throws Exception {
		int port = freePort();
		String java = ProcessHandle.current().info().command().orElse("java");
		Process process = new ProcessBuilder(java, "-jar", System.getProperty("demo.jar"), "--server.port=" + port,
				"--server.address=" + address)
			.redirectErrorStream(true)
			.redirectOutput(workDir.resolve("demo.log").toFile())
			.start();
		DemoProcess demo = new DemoProcess(process, port);
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
			.until(() -> demo.get("/actuator/health").statusCode() == 200);
		return demo;
	}

	int port() {
		return this.port;
	}

	String base() {
		return "http://127.0.0.1:" + this.port;
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30)).build());
	}

	String getText(String path) throws IOException, InterruptedException {
		return send(HttpRequest.newBuilder(URI.create(base() + path))
			.header("Accept", "text/plain")
			.timeout(Duration.ofSeconds(30))
			.build()).body();
	}

	static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		this.process.waitFor(20, TimeUnit.SECONDS);
	}

}
