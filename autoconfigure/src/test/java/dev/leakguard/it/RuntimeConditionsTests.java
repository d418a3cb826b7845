package dev.leakguard.it;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runtime conditions a test JVM cannot have, each in a JVM of its own: nothing leakguard
 * adds may stop the application from starting, exhaust its heap, or stall its requests.
 */
class RuntimeConditionsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path work;

	@Test
	void startsWithoutTheJfrModuleAndSaysOnceThatVirtualThreadsAreNotCounted() throws Exception {
		String modules = String.join(",", systemModulesWithout("jdk.jfr"));
		try (ForkedJvm app = ForkedJvm.start(this.work, List.of("--limit-modules", modules),
				"--leakguard.threads.virtual.enabled=true")) {
			assertThat(app.get("/actuator/leaks").statusCode()).isEqualTo(200);
			assertThat(app.get("/actuator/prometheus").body()).contains("leakguard_threads_live{kind=\"platform\"}")
				.doesNotContain("kind=\"virtual\"");
			assertThat(occurrences(app.log(), "does not count virtual threads")).isEqualTo(1);
		}
	}

	@Test
	void unwritableTempDirectoryFallsBackToPlatformThreadsWithOneWarning() throws Exception {
		Path file = Files.writeString(this.work.resolve("not-a-directory"), "x");
		Path tomcat = Files.createDirectories(this.work.resolve("tomcat"));
		try (ForkedJvm app = ForkedJvm.start(this.work,
				List.of("-Djava.io.tmpdir=" + file.resolve("tmp"), "-Dfork.parkedVirtual=10"),
				"--server.tomcat.basedir=" + tomcat, "--leakguard.threads.virtual.enabled=true")) {
			for (int i = 0; i < 3; i++) {
				HttpResponse<String> response = app.get("/actuator/leaks");
				assertThat(response.statusCode()).isEqualTo(200);
				assertThat(json.readTree(response.body()).path("threads").path("virtual").isNull()).isTrue();
				Thread.sleep(600);
			}
			assertThat(occurrences(app.log(), "Thread dump failed")).isEqualTo(1);
		}
	}

	@Test
	void deepDistinctStacksStayWithinASmallHeap() throws Exception {
		try (ForkedJvm app = ForkedJvm.start(this.work, List.of("-Xmx256m", "-Dfork.deepStacks=1000"))) {
			for (int i = 0; i < 40; i++) {
				assertThat(app.get("/actuator/leaks?limit=2000&depth=200").statusCode()).isEqualTo(200);
				assertThat(app.send(app.request("/actuator/leaks")
					.POST(java.net.http.HttpRequest.BodyPublishers.noBody())
					.build()).statusCode()).isIn(200, 503);
				Thread.sleep(520);
			}
			assertThat(app.get("/actuator/health").statusCode()).isEqualTo(200);
			assertThat(app.log()).doesNotContain("OutOfMemoryError");
		}
	}

	/**
	 * 100 callers poll the endpoint (each waits 100ms between answers, or as long as
	 * {@code Retry-After} says) while a dump of 50,000 virtual threads takes seconds: none
	 * of them may hold a server thread while it waits, so health checks keep answering.
	 */
	@Test
	void concurrentCallersNeverStallTheApplication() throws Exception {
		// fewer server threads than callers: one parked caller per server thread stalls everything
		try (ForkedJvm app = ForkedJvm.start(this.work, List.of("-Dfork.parkedVirtual=50000"),
				"--server.tomcat.threads.max=50")) {
			List<Long> healthMillis = Collections.synchronizedList(new ArrayList<>());
			AtomicInteger ok = new AtomicInteger();
			AtomicInteger busy = new AtomicInteger();
			long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			try (ExecutorService callers = Executors.newFixedThreadPool(101)) {
				List<Future<?>> done = new ArrayList<>();
				for (int c = 0; c < 100; c++) {
					done.add(callers.submit(() -> {
						while (System.nanoTime() < end) {
							HttpResponse<String> response = app.get("/actuator/leaks");
							if (response.statusCode() == 200) {
								ok.incrementAndGet();
								Thread.sleep(100);
							}
							else {
								// a well-behaved client: it waits as long as Retry-After says
								assertThat(response.statusCode()).isEqualTo(503);
								assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
								busy.incrementAndGet();
								Thread.sleep(1000);
							}
						}
						return null;
					}));
				}
				done.add(callers.submit(() -> {
					while (System.nanoTime() < end) {
						long start = System.nanoTime();
						assertThat(app.get("/actuator/health").statusCode()).isEqualTo(200);
						healthMillis.add((System.nanoTime() - start) / 1_000_000);
						Thread.sleep(50);
					}
					return null;
				}));
				for (Future<?> future : done) {
					future.get();
				}
			}
			List<Long> sorted = new ArrayList<>(healthMillis);
			Collections.sort(sorted);
			long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
			System.out.printf("health: %d calls, p50 %d ms, p99 %d ms; leaks: %d answered, %d busy%n", sorted.size(),
					sorted.get(sorted.size() / 2), p99, ok.get(), busy.get());
			assertThat(p99).as("health p99 in ms over %d calls", sorted.size()).isLessThan(500);
			assertThat(sorted).hasSizeGreaterThan(50);
			assertThat(ok).hasPositiveValue();
		}
	}

	/** System modules less the given one and every module that needs it. */
	private static Set<String> systemModulesWithout(String excluded) {
		Set<ModuleDescriptor> all = ModuleFinder.ofSystem().findAll().stream().map(ModuleReference::descriptor)
			.collect(Collectors.toSet());
		Set<String> removed = new HashSet<>(Set.of(excluded));
		boolean changed = true;
		while (changed) {
			changed = false;
			for (ModuleDescriptor module : all) {
				if (!removed.contains(module.name()) && module.requires().stream().anyMatch((r) -> removed.contains(r.name()))) {
					removed.add(module.name());
					changed = true;
				}
			}
		}
		return all.stream().map(ModuleDescriptor::name).filter((name) -> !removed.contains(name))
			.collect(Collectors.toSet());
	}

	private static int occurrences(String text, String part) {
		int count = 0;
		for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
			count++;
		}
		return count;
	}

}
