package dev.leakguard.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

	static DemoProcess start(Path workDir, String address, String... jvmOptions) throws Exception {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(java()));
		command.addAll(List.of(jvmOptions));
		command.addAll(List.of("-jar", System.getProperty("demo.jar"), "--server.port=" + port,
				"--server.address=" + address));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
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

	/**
	 * Runs a full garbage collection in the demo with the JDK's own {@code jcmd}.
	 */
	void gc() throws IOException, InterruptedException {
		Path jcmd = Path.of(java()).resolveSibling("jcmd");
		Process process = new ProcessBuilder(jcmd.toString(), Long.toString(this.process.pid()), "GC.run")
			.redirectErrorStream(true)
			.start();
		process.getInputStream().readAllBytes();
		process.waitFor(30, TimeUnit.SECONDS);
	}

	private static String java() {
		return ProcessHandle.current().info().command().orElse("java");
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
