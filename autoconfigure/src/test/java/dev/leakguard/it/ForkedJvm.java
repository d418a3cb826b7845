package dev.leakguard.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * {@link ForkedApp} started in a new JVM, the one running the tests, on a free loopback
 * port, with the test class path and the given JVM options.
 */
final class ForkedJvm implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;

	private final Path log;

	private final int port;

	private ForkedJvm(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	static ForkedJvm start(Path workDir, List<String> jvmOptions, String... appArgs) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), ForkedApp.class.getName(),
				"--server.port=" + port, "--server.address=127.0.0.1",
				"--management.endpoints.web.exposure.include=health,leaks,prometheus"));
		command.addAll(List.of(appArgs));
		Path log = workDir.resolve("forked.log");
		// a "public" folder in the working directory is Tomcat's document root: no temp dir needed for it
		Files.createDirectories(workDir.resolve("public"));
		Process process = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		ForkedJvm jvm = new ForkedJvm(process, log, port);
		try {
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).ignoreExceptions()
				.failFast("forked JVM exited", () -> !process.isAlive())
				.until(() -> jvm.get("/actuator/health").statusCode() == 200);
		}
		catch (Throwable ex) {
			jvm.close();
			throw new AssertionError("forked JVM did not start:\n" + jvm.log(), ex);
		}
		return jvm;
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(request(path).build());
	}

	HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(60));
	}

	HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	String log() throws IOException {
		return Files.readString(this.log);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
