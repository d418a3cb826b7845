package dev.leakguard.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.MountableFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Prometheus check of {@link DemoEndToEndIT} with Prometheus in a container, through
 * Testcontainers and whatever engine answers: Docker, or podman's Docker-compatible API
 * ({@code scripts/container-engine.sh}). The image is built here from Debian's
 * {@code prometheus} binary (no registry needed), the container shares the host's network
 * to scrape the demo, and both are removed at the end, which is checked: no Ryuk cleans
 * up after this run. Skipped where no engine answers; {@link DemoEndToEndIT} runs the same
 * scenario against the binary itself.
 */
@org.testcontainers.junit.jupiter.Testcontainers(disabledWithoutDocker = true)
class DemoPrometheusContainerIT {

	private static final String LABEL = "dev.leakguard.test";

	private static final String RUN = UUID.randomUUID().toString();

	private static final String IMAGE = "localhost/leakguard-prometheus-it:" + RUN.substring(0, 8);

	@Test
	void prometheusInAContainerAlertsOnTheLeakNotTheSpikeAndRunsTheDashboard() throws Exception {
		Path prometheusBinary = Path.of(Promtool.binary("prometheus"));
		Path workDir = Files.createTempDirectory("leakguard-demo-container-it");
		int port = freePort();
		try (DemoProcess demo = DemoProcess.start(workDir, "127.0.0.1")) {
			Path config = workDir.resolve("prometheus.yml");
			Files.writeString(config, PrometheusScenario.config("/etc/prometheus/leakguard-rules.yml",
					"127.0.0.1:" + demo.port()));
			try (GenericContainer<?> prometheus = new GenericContainer<>(image(prometheusBinary))
				.withLabel(LABEL, RUN)
				.withNetworkMode("host")
				.withCopyFileToContainer(MountableFile.forHostPath(config), "/etc/prometheus/prometheus.yml")
				.withCopyFileToContainer(
						MountableFile.forHostPath(GrafanaAssetsTests.GRAFANA.resolve("prometheus/leakguard-rules.yml")),
						"/etc/prometheus/leakguard-rules.yml")
				.withCommand("--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus",
						"--web.listen-address=127.0.0.1:" + port)
				.waitingFor(Wait.forLogMessage(".*Server is ready to receive web requests.*", 1))) {
				prometheus.start();
				System.out.println("leakguard: Prometheus container " + prometheus.getContainerId().substring(0, 12)
						+ " from " + IMAGE + " on " + DockerClientFactory.instance().getInfo().getOperatingSystem());
				PrometheusScenario.leakAlertsAndSpikeDoesNot(demo, "http://127.0.0.1:" + port);
			}
		}
	}

	/** Removes this run's image, and proves that nothing of it is left. */
	@AfterAll
	static void nothingOutlivesTheRun() {
		DockerClient docker = DockerClientFactory.instance().client();
		assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, RUN)).exec())
			.as("containers of this run").isEmpty();
		if (!docker.listImagesCmd().withImageNameFilter(IMAGE).exec().isEmpty()) {
			docker.removeImageCmd(IMAGE).withForce(true).exec();
		}
		assertThat(docker.listImagesCmd().withImageNameFilter(IMAGE).exec()).as("images of this run").isEmpty();
	}

	/**
	 * A {@code FROM scratch} image of Debian's Prometheus binary and the shared libraries
	 * it links, built through the engine's API.
	 */
	private static ImageFromDockerfile image(Path binary) throws IOException, InterruptedException {
		assumeTrue(Files.isExecutable(binary), "no prometheus binary to build the image from");
		ImageFromDockerfile image = new ImageFromDockerfile(IMAGE, false)
			.withFileFromPath("bin/prometheus", binary)
			.withFileFromString("prometheus/.keep", "")
			.withFileFromString("tmp/.keep", "");
		StringBuilder dockerfile = new StringBuilder("FROM scratch\nLABEL " + LABEL + "=" + RUN + "\n");
		for (Path library : sharedLibraries(binary)) {
			String inImage = library.toString().substring(1);
			image.withFileFromPath(inImage, library.toRealPath());
			dockerfile.append("COPY ").append(inImage).append(" /").append(inImage).append('\n');
		}
		dockerfile.append("COPY bin/prometheus /bin/prometheus\nCOPY prometheus/ /prometheus/\nCOPY tmp/ /tmp/\n")
			.append("ENTRYPOINT [\"/bin/prometheus\"]\n");
		return image.withFileFromString("Dockerfile", dockerfile.toString());
	}

	/** What {@code ldd} says the binary loads; nothing for a static binary. */
	private static List<Path> sharedLibraries(Path binary) throws IOException, InterruptedException {
		Process ldd = new ProcessBuilder("ldd", binary.toString()).redirectErrorStream(true).start();
		String output = new String(ldd.getInputStream().readAllBytes());
		ldd.waitFor(30, TimeUnit.SECONDS);
		List<Path> libraries = new ArrayList<>();
		Matcher matcher = Pattern.compile("(/\\S+)\\s+\\(0x").matcher(output);
		while (matcher.find()) {
			libraries.add(Path.of(matcher.group(1)));
		}
		return libraries;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
