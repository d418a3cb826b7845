package dev.leakguard.it;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * HTTP client beans made without Boot's builders, and a handler calling through them.
 */
@Configuration(proxyBeanMethods = false)
class PlainClients {

	@Bean
	RestClient plainRestClient() {
		return RestClient.builder().requestFactory(new JdkClientHttpRequestFactory()).build();
	}

	@Bean
	RestTemplate plainRestTemplate() {
		return new RestTemplate();
	}

	@Bean
	WebClient plainWebClient() {
		return WebClient.create();
	}

	@RestController
	static class Calls {

		private final RestClient restClient;

		private final RestTemplate restTemplate;

		private final WebClient webClient;

		Calls(@Qualifier("plainRestClient") RestClient restClient,
				@Qualifier("plainRestTemplate") RestTemplate restTemplate,
				@Qualifier("plainWebClient") WebClient webClient) {
			this.restClient = restClient;
			this.restTemplate = restTemplate;
			this.webClient = webClient;
		}

		@GetMapping("/plain")
		String call(@RequestParam String client, @RequestParam String upstream) {
			return switch (client) {
				case "resttemplate" -> this.restTemplate.getForObject(upstream, String.class);
				case "webclient" -> this.webClient.get().uri(upstream).retrieve().bodyToMono(String.class).block();
				default -> this.restClient.get().uri(upstream).retrieve().body(String.class);
			};
		}

	}

}
