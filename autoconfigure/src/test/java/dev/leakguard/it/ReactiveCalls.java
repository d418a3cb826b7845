package dev.leakguard.it;

import dev.leakguard.scope.RequestScope;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * WebFlux handlers: one reads the request scope from the Reactor context, one calls an
 * upstream with Boot's WebClient.
 */
@RestController
class ReactiveCalls {

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

}
