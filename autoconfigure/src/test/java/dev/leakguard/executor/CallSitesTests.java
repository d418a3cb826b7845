package dev.leakguard.executor;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.leakguard.scope.RequestScope;
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

	/**
	 * A framework task's call site is cached per route and task class, and re-checked by a
	 * stack walk now and then. On a real app's stack a walk costs tens of microseconds, so
	 * the re-checks are bounded in time, not only drawn one submit in 256.
	 */
	@Test
	void routeCacheWalksAtMostOncePerRecheckInterval() {
		inRoute("GET /fanout", (callSites) -> {
			String first = VisitScheduler.submitFutureTask(callSites::of);
			for (int i = 0; i < 1000; i++) {
				assertThat(VisitScheduler.submitFutureTask(callSites::of)).isEqualTo(first);
			}
			long walks = callSites.walks();
			for (int i = 0; i < 10_000; i++) {
				assertThat(VisitScheduler.submitFutureTask(callSites::of)).isEqualTo(first);
			}
			// before: one walk in 256 submits, about 40 here; now at most one a second
			assertThat(callSites.walks() - walks).isLessThanOrEqualTo(2);
		});
	}

	/**
	 * A handler that submits from two places: the second is named at once, not only after
	 * a re-check happens to draw it.
	 */
	@Test
	void routeWithTwoCallSitesNamesEach() {
		inRoute("GET /twice", (callSites) -> {
			String first = VisitScheduler.submitFutureTask(callSites::of);
			String second = VisitScheduler.submitAnotherFutureTask(callSites::of);
			assertThat(first).contains("VisitScheduler.submitFutureTask(");
			assertThat(second).contains("VisitScheduler.submitAnotherFutureTask(");
			for (int i = 0; i < 1000; i++) {
				assertThat(VisitScheduler.submitFutureTask(callSites::of)).isEqualTo(first);
				assertThat(VisitScheduler.submitAnotherFutureTask(callSites::of)).isEqualTo(second);
			}
		});
	}

	/**
	 * Two routes submitting one framework task class from two places: each route keeps its
	 * own cached site, so neither walks the stack on every submit.
	 */
	@Test
	void eachRouteKeepsItsOwnCallSiteForOneTaskClass() {
		CallSites callSites = new CallSites(List.of("org.springframework.samples"), List.of());
		long walks = 0;
		for (int i = 0; i < 2000; i++) {
			if (i == 1000) {
				walks = callSites.walks();
			}
			assertThat(inRoute(callSites, "GET /one", () -> VisitScheduler.submitFutureTask(callSites::of)))
				.contains("VisitScheduler.submitFutureTask(");
			assertThat(inRoute(callSites, "GET /two", () -> VisitScheduler.submitAnotherFutureTask(callSites::of)))
				.contains("VisitScheduler.submitAnotherFutureTask(");
		}
		assertThat(callSites.walks() - walks).isLessThanOrEqualTo(4);
	}

	private static String inRoute(CallSites callSites, String route, Supplier<String> submit) {
		try (RequestScope scope = RequestScope.open(Duration.ofMinutes(1))) {
			scope.setRoute(route);
			return submit.get();
		}
	}

	/** Runs the body in a request scope matched to the route, naming sites in the sample app. */
	private static void inRoute(String route, Consumer<CallSites> body) {
		try (RequestScope scope = RequestScope.open(Duration.ofMinutes(1))) {
			scope.setRoute(route);
			body.accept(new CallSites(List.of("org.springframework.samples"), List.of()));
		}
	}

	static final class FrameworkSubmitter {

		static String submit(CallSites callSites) {
			return callSites.of(new FutureTask<>(() -> null));
		}

	}

}
