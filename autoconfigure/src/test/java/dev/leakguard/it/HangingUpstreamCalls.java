package dev.leakguard.it;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
		return stuck().count();
	}

	/**
	 * Describes the threads still inside {@link #call(String, String)}, with their stacks.
	 * @return one entry per stuck thread
	 */
	static List<String> stuckStacks() {
		return stuck().map((info) -> info.getThreadName() + " " + info.getThreadState() + "\n\tat "
				+ Arrays.stream(info.getStackTrace()).map(String::valueOf).collect(Collectors.joining("\n\tat ")))
			.toList();
	}

	private static Stream<ThreadInfo> stuck() {
		return Arrays.stream(ManagementFactory.getThreadMXBean().dumpAllThreads(false, false))
			.filter((info) -> Arrays.stream(info.getStackTrace())
				.anyMatch((frame) -> frame.getClassName().equals(HangingUpstreamCalls.class.getName())
						&& frame.getMethodName().equals("call")));
	}

}
