package dev.leakguard.demo;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

/**
 * The Prometheus check of {@link DemoEndToEndIT} with Prometheus in a container, for
 * machines with Docker; where there is none, {@link DemoEndToEndIT} runs the same
 * scenario against Debian's {@code prometheus} binary.
 */
@org.testcontainers.junit.jupiter.Testcontainers(disabledWithoutDocker = true)
class DemoPrometheusContainerIT {

	@Test
	void prometheusInAContainerAlertsOnTheLeakNotTheSpike() throws Exception {
		Path workDir = Files.createTempDirectory("leakguard-demo-container-it");
		try (DemoProcess demo = DemoProcess.start(workDir, "0.0.0.0")) {
			Testcontainers.exposeHostPorts(demo.port());
			Path config = workDir.resolve("prometheus.yml");
			Files.writeString(config, PrometheusScenario.config("/etc/prometheus/leakguard-rules.yml",
					"host.testcontainers.internal:" + demo.port()));
			try (GenericContainer<?> prometheus = new GenericContainer<>("prom/prometheus:v3.5.0")
				.withCopyFileToContainer(MountableFile.forHostPath(config), "/etc/prometheus/prometheus.yml")
				.withCopyFileToContainer(
						MountableFile.forHostPath(GrafanaAssetsTests.GRAFANA.resolve("prometheus/leakguard-rules.yml")),
						"/etc/prometheus/leakguard-rules.yml")
				.withAccessToHost(true)
				.withExposedPorts(9090)
				.waitingFor(Wait.forHttp("/-/ready").forPort(9090))) {
				prometheus.start();
				PrometheusScenario.leakAlertsAndSpikeDoesNot(demo,
						"http://" + prometheus.getHost() + ":" + prometheus.getMappedPort(9090));
			}
		}
	}

}
