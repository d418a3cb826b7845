package dev.leakguard.it;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;

import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Handlers that call the hanging upstream through each client, built from Boot's builders.
 */
@RestController
class HangingUpstreamCalls {

	private final RestClient restClient;

	private final RestTemplate restTemplate;

	private final WebClient webClient;

	HangingUpstreamCalls(RestClient.Builder restClient, RestTemplateBuilder restTemplate, WebClient.Builder webClient) {
		this.restClient = restClient.build();
		this.restTemplate = restTemplate.build();
		this.webClient = webClient.build();
	}

	@GetMapping("/call")
	String call(@RequestParam(defaultValue = "restclient") String client, @RequestParam String upstream) {
		return switch (client) {
			case "resttemplate" -> this.restTemplate.getForObject(upstream, String.class);
			case "webclient" -> this.webClient.get().uri(upstream).retrieve().bodyToMono(String.class).block();
			default -> this.restClient.get().uri(upstream).retrieve().body(String.class);
		};
	}

	/**
	 * Counts threads still inside {@link #call(String, String)}: request threads stuck on the
	 * upstream.
	 * @return the number of stuck threads
	 */
	static long stuckThreads() {
		return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
			.map(ThreadInfo::getStackTrace)
			.filter((stack) -> Arrays.stream(stack)
				.anyMatch((frame) -> frame.getClassName().equals(HangingUpstreamCalls.class.getName())
						&& frame.getMethodName().equals("call")))
			.count();
	}

}
