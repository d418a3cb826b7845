package dev.leakguard.executor;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.FutureTask;

import org.junit.jupiter.api.Test;

import org.springframework.samples.petclinic.VisitScheduler;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Call sites are named in the application's packages, wherever those are, and never
 * {@code unknown} while the stack holds a frame outside the JDK and leakguard.
 */
class CallSitesTests {

	@Test
	void applicationUnderOrgSpringframeworkIsNamed() {
		CallSites callSites = new CallSites(List.of("org.springframework.samples"), List.of());
		assertThat(VisitScheduler.submitLambda(callSites::of))
			.matches("org\\.springframework\\.samples\\.petclinic\\.VisitScheduler\\.submitLambda\\(VisitScheduler\\.java:\\d+\\)");
		assertThat(VisitScheduler.submitFutureTask(callSites::of)).matches(
				"org\\.springframework\\.samples\\.petclinic\\.VisitScheduler\\.submitFutureTask\\(VisitScheduler\\.java:\\d+\\)");
	}

	@Test
	void withoutItsPackageTheApplicationIsStillTheFirstFrameOutsideTheJdk() {
		// before, every org.springframework frame was skipped and this read "unknown"
		assertThat(VisitScheduler.submitFutureTask(new CallSites()::of)).startsWith(
				"org.springframework.samples.petclinic.VisitScheduler.submitFutureTask(VisitScheduler.java:");
	}

	@Test
	void taskSubmittedByTheFrameworkIsNamedByTheFrameworkMethod() throws Exception {
		CallSites callSites = new CallSites(List.of("com.example.absent"), List.of());
		Method submit = FrameworkSubmitter.class.getDeclaredMethod("submit", CallSites.class);
		ReflectionUtils.makeAccessible(submit);
		Object site = ReflectionUtils.invokeMethod(submit, null, callSites);
		assertThat(site).asString().startsWith("org.springframework.util.ReflectionUtils.invokeMethod(ReflectionUtils.java:");
	}

	static final class FrameworkSubmitter {

		static String submit(CallSites callSites) {
			return callSites.of(new FutureTask<>(() -> null));
		}

	}

}
