package dev.leakguard.ab;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * Every request shape the A/B benchmark measures. The same jar runs with leakguard on and
 * off ({@code --leakguard.enabled}), on platform or virtual threads, as a servlet or a
 * reactive app ({@code --spring.main.web-application-type}).
 */
@SpringBootApplication
@EnableAsync
public class AbApplication {

	public static void main(String[] args) {
		SpringApplication.run(AbApplication.class, args);
	}

	@Component
	static class AsyncWork {

		@Async
		public CompletableFuture<Integer> work(int n) {
			return CompletableFuture.completedFuture(n * 2);
		}

	}

	@RestController
	static class Shapes {

		private final AsyncTaskExecutor executor;

		private final AsyncWork async;

		private final RestClient client;

		private final String factory;

		private final WebClient webClient;

		Shapes(AsyncTaskExecutor applicationTaskExecutor, AsyncWork async, RestClient.Builder restClients,
				WebClient.Builder webClients, @Value("${spring.http.clients.imperative.factory}") String factory,
				@Value("${server.port}") int port) {
			this.executor = applicationTaskExecutor;
			this.async = async;
			String base = "http://127.0.0.1:" + port;
			// the request factory as an application gets it: Boot's builder bean, of the kind
			// spring.http.clients.imperative.factory names (ab.py starts a JVM per kind)
			this.client = restClients.clone().baseUrl(base).build();
			this.factory = factory;
			this.webClient = webClients.baseUrl(base).build();
		}

		@GetMapping("/plain")
		String plain() {
			return "ok";
		}

		@GetMapping("/fanout")
		String fanOut() throws Exception {
			Future<?>[] futures = new Future<?>[4];
			for (int i = 0; i < futures.length; i++) {
				int n = i;
				futures[i] = this.executor.submit(() -> n * 2);
			}
			int sum = 0;
			for (Future<?> future : futures) {
				sum += (Integer) future.get();
			}
			return "ok " + sum;
		}

		@GetMapping("/async")
		String async() {
			return "ok " + this.async.work(21).join();
		}

		@GetMapping("/client/{factory}")
		String client(@PathVariable String factory) {
			if (!(factory.equals("netty") ? "reactor" : factory).equals(this.factory)) {
				throw new IllegalStateException("This JVM's RestClient uses the " + this.factory + " factory");
			}
			return this.client.get().uri("/plain").retrieve().body(String.class);
		}

		@GetMapping("/webclient")
		Mono<String> webClient() {
			return this.webClient.get().uri("/plain").retrieve().bodyToMono(String.class);
		}

	}

}
