package dev.leakguard.context;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.leakguard.scope.RequestScope;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

import org.springframework.core.task.support.ContextPropagatingTaskDecorator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request scope travels with Micrometer's context-propagation, found through
 * {@code META-INF/services} alone: a captured snapshot restores it on another thread,
 * Spring's {@code ContextPropagatingTaskDecorator} carries it into a task, and Reactor's
 * automatic context propagation makes it current on another scheduler.
 */
class RequestScopeThreadLocalAccessorTests {

	@AfterEach
	void clear() {
		RequestScope.swapCurrent(null);
		Hooks.disableAutomaticContextPropagation();
	}

	@Test
	void aSnapshotRestoresTheScopeOnAnotherThreadAndClearsItAfter() throws Exception {
		try (RequestScope scope = RequestScope.open(Duration.ofSeconds(5))) {
			ContextSnapshot snapshot = ContextSnapshotFactory.builder().build().captureAll();
			CompletableFuture<Object[]> seen = new CompletableFuture<>();
			Thread.ofPlatform().start(() -> {
				Object inside;
				try (ContextSnapshot.Scope restored = snapshot.setThreadLocals()) {
					inside = RequestScope.current();
				}
				seen.complete(new Object[] { inside, RequestScope.current() });
			});
			Object[] values = seen.get(5, TimeUnit.SECONDS);
			assertThat(values[0]).isSameAs(scope);
			assertThat(values[1]).isNull();
		}
	}

	@Test
	void springsContextPropagatingTaskDecoratorCarriesIt() throws Exception {
		try (RequestScope scope = RequestScope.open(Duration.ofSeconds(5))) {
			CompletableFuture<RequestScope> seen = new CompletableFuture<>();
			Runnable task = new ContextPropagatingTaskDecorator()
				.decorate(() -> seen.complete(RequestScope.current()));
			Thread.ofPlatform().start(task);
			assertThat(seen.get(5, TimeUnit.SECONDS)).isSameAs(scope);
		}
	}

	@Test
	void reactorsAutomaticContextPropagationMakesItCurrentOnAnotherScheduler() {
		Hooks.enableAutomaticContextPropagation();
		RequestScope scope = RequestScope.create(Duration.ofSeconds(5));
		RequestScope seen = Mono.just("x")
			.publishOn(Schedulers.boundedElastic())
			.map((value) -> RequestScope.current())
			.contextWrite(Context.of(RequestScopeThreadLocalAccessor.KEY, scope))
			.block(Duration.ofSeconds(5));
		assertThat(seen).isSameAs(scope);
		scope.end();
	}

}
