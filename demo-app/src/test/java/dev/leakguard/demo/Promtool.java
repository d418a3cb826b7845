package dev.leakguard.demo;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the real Prometheus binaries (Debian's {@code prometheus} package). Locally a
 * missing binary skips the test; under CI, where {@code .ci/run} installs it, it fails.
 */
final class Promtool {

	private Promtool() {
	}

	static String binary(String name) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(dir, name);
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		if (System.getenv("CI") != null) {
			throw new IllegalStateException(name + " is not installed: .ci/run installs the prometheus package");
		}
		assumeTrue(false, name + " not installed (apt-get install prometheus)");
		return name;
	}

	static Result run(Path workDir, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(binary("promtool"));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IllegalStateException("promtool hung: " + command);
		}
		return new Result(process.exitValue(), output);
	}

	record Result(int exitCode, String output) {
	}

}
