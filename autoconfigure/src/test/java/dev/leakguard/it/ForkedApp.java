package dev.leakguard.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.springframework.boot.SpringApplication;

/**
 * The test application in a JVM of its own, for runtime conditions a test JVM cannot
 * have: limited modules, a small heap, an unwritable temp directory. System properties
 * set up threads before it starts: {@code fork.deepStacks=N} parks N platform threads,
 * each on a distinct stack of about 165 frames; {@code fork.parkedVirtual=N} parks N
 * virtual threads; {@code fork.sources=a.B,c.D} adds configuration classes.
 */
public final class ForkedApp {

	private static final CountDownLatch never = new CountDownLatch(1);

	private ForkedApp() {
	}

	public static void main(String[] args) throws Exception {
		int deep = Integer.getInteger("fork.deepStacks", 0);
		for (int i = 0; i < deep; i++) {
			int path = i;
			Thread thread = new Thread(null, () -> descend(path, 160), "deep-" + i, 1 << 20);
			thread.setDaemon(true);
			thread.start();
		}
		int virtual = Integer.getInteger("fork.parkedVirtual", 0);
		for (int i = 0; i < virtual; i++) {
			Thread.ofVirtual().start(ForkedApp::park);
		}
		List<Class<?>> sources = new ArrayList<>(List.of(TestApplication.class));
		for (String source : System.getProperty("fork.sources", "").split(",")) {
			if (!source.isBlank()) {
				sources.add(Class.forName(source.trim()));
			}
		}
		SpringApplication.run(sources.toArray(new Class<?>[0]), args);
	}

	/** Recurses through {@code left} and {@code right} as the bits of {@code path} say. */
	static void descend(int path, int depth) {
		if (depth == 0) {
			park();
		}
		else if ((path >> (depth % 12) & 1) == 0) {
			left(path, depth - 1);
		}
		else {
			right(path, depth - 1);
		}
	}

	static void left(int path, int depth) {
		descend(path, depth);
	}

	static void right(int path, int depth) {
		descend(path, depth);
	}

	static void park() {
		try {
			never.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
