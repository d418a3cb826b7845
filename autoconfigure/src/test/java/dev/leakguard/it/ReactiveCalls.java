package dev.leakguard.it;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import dev.leakguard.scope.RequestScope;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * WebFlux handlers: one reads the request scope from the Reactor context, one calls an
 * upstream with Boot's WebClient, two keep the scope they ran in for the test to look at.
 */
@RestController
class ReactiveCalls {

	/** The scope the last {@code /reactive/held} or {@code /reactive/slow} exchange ran in. */
	static final AtomicReference<RequestScope> lastScope = new AtomicReference<>();

	private final WebClient webClient;

	ReactiveCalls(WebClient.Builder webClient) {
		this.webClient = webClient.build();
	}

	@GetMapping("/reactive/remaining")
	Mono<String> remaining() {
		return Mono.deferContextual((context) -> Mono.just(context.getOrEmpty(RequestScope.class)
			.map((scope) -> Long.toString(((RequestScope) scope).remaining().toMillis()))
			.orElse("none")));
	}

	@GetMapping("/reactive/call")
	Mono<String> call(@RequestParam String upstream) {
		return this.webClient.get().uri(upstream).retrieve().bodyToMono(String.class);
	}

	@GetMapping("/reactive/held")
	Mono<String> held() {
		return Mono.deferContextual((context) -> {
			lastScope.set(context.get(RequestScope.class));
			return Mono.just("held");
		});
	}

	@GetMapping("/reactive/slow")
	Mono<String> slow() {
		return Mono.deferContextual((context) -> {
			lastScope.set(context.get(RequestScope.class));
			return Mono.delay(Duration.ofSeconds(30)).thenReturn("slow");
		});
	}

}
