package dev.leakguard.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code /actuator/leaks/pprof} read by the real {@code go tool pprof} (Debian's
 * {@code golang-go}; CI installs it): {@code -top}, {@code -traces}, {@code -list} with
 * source lines, {@code -diff_base} of a saved baseline against now, and the {@code -http}
 * UI.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=leaks")
@Import(PprofTests.Leaks.class)
class PprofTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@TempDir
	Path dir;

	@BeforeAll
	static void needsGo() {
		boolean available = Go.available();
		if (System.getenv("CI") != null) {
			assertThat(available).as("CI must install golang-go for go tool pprof").isTrue();
		}
		assumeTrue(available, "go tool pprof is not installed (apt-get install golang-go)");
	}

	@Test
	void topTracesAndListNameTheLeakWithItsCountAndLine() throws Exception {
		int total = leak(4); // and those earlier tests of this class left
		Path profile = download("/actuator/leaks/pprof", "now.pb.gz");
		assertThat(gunzipped(profile)).isNotEmpty();
		String top = Go.pprof(this.dir, "-top", profile.toString());
		assertThat(top).containsPattern(cumulative(total, "dev\\.leakguard\\.it\\.PprofTests\\$Leaks\\.parkInPprofTest"));
		String traces = Go.pprof(this.dir, "-traces", profile.toString());
		assertThat(traces).containsPattern(
				"(?s)wait_reason:\\s+queue put\\n.*java\\.util\\.concurrent\\.ArrayBlockingQueue\\.put.*PprofTests\\$Leaks\\.parkInPprofTest");
		assertThat(traces).containsPattern(
				"created_by:\\s+dev\\.leakguard\\.it\\.PprofTests\\$Leaks\\$Handlers\\.leak\\(PprofTests\\.java:\\d+\\)\\n");
		assertThat(traces).containsPattern("route:\\s+GET /pprof-leak\\n").containsPattern("executor:\\s+pprofWorkers\\n");
		String list = Go.pprof(this.dir, "-list", "Leaks.parkInPprofTest", "-source_path",
				Path.of("src/test/java").toAbsolutePath().toString(), profile.toString());
		// the blocking line of the source, with every thread below it (flat is the JDK's park)
		assertThat(list).containsPattern("(?m)^\\s+\\.\\s+" + total + "\\s+\\d+:\\s+FULL\\.put\\(\"more\"\\);");
	}

	@Test
	void diffBaseShowsExactlyTheAddedThreads() throws Exception {
		int before = leak(1);
		awaitSnapshotShows(before); // the endpoint serves one snapshot to all callers for a while
		String id = saveBaseline();
		Path base = download("/actuator/leaks/" + id + "/pprof", "base.pb.gz");
		int after = leak(3);
		awaitSnapshotShows(after);
		Path now = download("/actuator/leaks/pprof", "now.pb.gz");
		String diff = Go.pprof(this.dir, "-top", "-diff_base", base.toString(), now.toString());
		assertThat(diff).containsPattern(cumulative(3, "dev\\.leakguard\\.it\\.PprofTests\\$Leaks\\.parkInPprofTest"));
		assertThat(download("/actuator/leaks/nope/pprof", "missing", 404)).isNotNull();
	}

	@Test
	void httpUiServesOnLoopback() throws Exception {
		leak(1);
		Path profile = download("/actuator/leaks/pprof", "ui.pb.gz");
		int uiPort;
		try (ServerSocket free = new ServerSocket(0)) {
			uiPort = free.getLocalPort();
		}
		Process ui = Go.start(this.dir, "-http=127.0.0.1:" + uiPort, "-no_browser", profile.toString());
		try {
			HttpResponse<String>[] page = new HttpResponse[1];
			await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
				page[0] = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/ui/top")).build(),
						HttpResponse.BodyHandlers.ofString());
				return page[0].statusCode() == 200;
			});
			assertThat(page[0].body()).contains("parkInPprofTest");
		}
		finally {
			ui.destroy();
			ui.waitFor(10, TimeUnit.SECONDS);
		}
	}

	@Test
	void pprofFetchesTheEndpointItself() throws Exception {
		leak(1);
		String top = Go.pprof(this.dir, "-top", "http://127.0.0.1:" + this.port + "/actuator/leaks/pprof");
		assertThat(top).contains("PprofTests$Leaks.parkInPprofTest");
	}

	private int leak(int threads) throws Exception {
		for (int i = 0; i < threads; i++) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/pprof-leak")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
		}
		await().until(() -> Leaks.parked() >= Leaks.started.get());
		return Leaks.started.get();
	}

	/** A {@code -top} line whose cumulative count is the given one. */
	private static String cumulative(int count, String function) {
		return "(?m)^\\s+-?\\d+\\s+[\\d.]+%\\s+[\\d.]+%\\s+" + count + "\\s+[\\d.]+%\\s+" + function + "$";
	}

	private void awaitSnapshotShows(int parked) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
			String report = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/leaks?limit=10000"))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			return report.matches("(?s).*\\{\"count\":" + parked + ",[^{]*\"blockedAt\":\"dev\\.leakguard\\.it\\.PprofTests\\$Leaks\\.parkInPprofTest.*");
		});
	}

	private String saveBaseline() throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/leaks"))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body().replaceAll(".*\"id\":\"([0-9a-f]+)\".*", "$1");
	}

	private Path download(String path, String name) throws Exception {
		return download(path, name, 200);
	}

	private Path download(String path, String name, int status) throws Exception {
		HttpResponse<byte[]> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(status);
		if (status == 200) {
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		}
		return Files.write(this.dir.resolve(name), response.body());
	}

	private static byte[] gunzipped(Path file) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(file))) {
			return in.readAllBytes();
		}
	}

	/** The real {@code go tool pprof}. */
	static final class Go {

		static boolean available() {
			try {
				Process process = new ProcessBuilder("go", "version").redirectErrorStream(true).start();
				process.getInputStream().readAllBytes();
				return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
			}
			catch (IOException | InterruptedException ex) {
				return false;
			}
		}

		static String pprof(Path dir, String... args) throws Exception {
			Process process = start(dir, args);
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as("go tool pprof %s:%n%s", List.of(args), output).isZero();
			return output;
		}

		static Process start(Path dir, String... args) throws IOException {
			List<String> command = new ArrayList<>(List.of("go", "tool", "pprof"));
			command.addAll(List.of(args));
			ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
			Map<String, String> env = builder.environment();
			env.put("PPROF_TMPDIR", dir.toString());
			env.put("HOME", dir.toString());
			env.put("GOCACHE", dir.resolve("gocache").toString());
			return builder.start();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Leaks {

		static final BlockingQueue<String> FULL = new ArrayBlockingQueue<>(1, false, List.of("full"));

		static final AtomicInteger started = new AtomicInteger();

		@Bean(destroyMethod = "shutdownNow")
		ExecutorService pprofWorkers() {
			return Executors.newCachedThreadPool();
		}

		static int parked() {
			return (int) Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> thread.getState() == Thread.State.WAITING && List.of(thread.getStackTrace())
					.stream()
					.anyMatch((frame) -> frame.getMethodName().equals("parkInPprofTest")))
				.count();
		}

		static void parkInPprofTest() {
			try {
				FULL.put("more");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@RestController
		static class Handlers {

			private final ExecutorService workers;

			Handlers(@Qualifier("pprofWorkers") ExecutorService workers) {
				this.workers = workers;
			}

			@GetMapping("/pprof-leak")
			String leak() {
				started.incrementAndGet();
				this.workers.submit(Leaks::parkInPprofTest);
				return "parked";
			}

		}

	}

}
