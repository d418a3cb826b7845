package dev.leakguard.scope;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.leakguard.executor.TaskRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * leakguard's deadline thread does not outlive its work: in a JVM of its own (other tests
 * keep deadlines pending here), it starts with the first deadline and ends once no
 * deadline slot is pending: at the latest the deadline plus five idle seconds after the
 * last request with work in flight. The sweep that registers running tasks with their
 * scopes runs on the same thread while tasks run in scopes, and does not keep it alive
 * after.
 */
class DeadlineTimerExitTests {

	@Test
	void deadlineThreadEndsWhenNoDeadlineIsPending() throws Exception {
		Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
				System.getProperty("java.class.path"), Main.class.getName())
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(output).contains("during: true").contains("after: false");
	}

	/** Opens a scope with work in flight, runs a task in it, ends the scope, and reports the thread before and after. */
	public static final class Main {

		public static void main(String[] args) throws Exception {
			RequestScope scope = RequestScope.create(Duration.ofSeconds(2));
			RequestScope.Registration registration = scope.onCancel((cause) -> {
			});
			System.out.println("during: " + alive());
			try (RequestScope.Binding binding = scope.enter()) { // a task run in a scope starts the sweep for late listeners
				new TaskRegistry(10).wrap(() -> {
				}, "a.A.a(A.java:1)", "pool").run();
			}
			registration.close();
			scope.close();
			long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
			while (alive() && System.nanoTime() < end) {
				Thread.sleep(100);
			}
			System.out.println("after: " + alive());
		}

		private static boolean alive() {
			return Thread.getAllStackTraces().keySet().stream()
				.anyMatch((thread) -> thread.getName().equals(DeadlineTimer.THREAD_NAME));
		}

	}

}
