package dev.leakguard.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.leakguard.scope.RequestScope;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request answered asynchronously keeps one scope from its start until the async work
 * completes, not a second one for the async dispatch; a request that fails into Boot's
 * error page still ends its scope.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(AsyncRequestScopeTests.Handler.class)
class AsyncRequestScopeTests {

	@LocalServerPort
	private int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void asyncRequestKeepsItsScopeUntilTheAsyncWorkCompletes() throws Exception {
		Handler.seen.clear();
		assertThat(get("/async").body()).isEqualTo("done");
		assertThat(Handler.seen).hasSize(2);
		RequestScope handler = Handler.seen.get(0);
		assertThat(Handler.seen.get(1)).as("the async work runs in the request's own scope").isSameAs(handler);
		await().atMost(Duration.ofSeconds(2)).until(handler::isEnded);
	}

	@Test
	void failingRequestEndsItsScope() throws Exception {
		Handler.seen.clear();
		assertThat(get("/fail").statusCode()).isEqualTo(500);
		assertThat(Handler.seen).hasSize(1);
		assertThat(Handler.seen.get(0).isEnded()).isTrue();
		assertThat(RequestScope.current()).isNull();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@RestController
	static class Handler {

		static final List<RequestScope> seen = new CopyOnWriteArrayList<>();

		@GetMapping("/async")
		Callable<String> async() {
			RequestScope scope = RequestScope.current();
			seen.add(scope);
			return () -> {
				Thread.sleep(200);
				RequestScope inTask = RequestScope.current();
				assertThat(scope.isEnded()).as("ended while the async work ran").isFalse();
				seen.add(inTask);
				return "done";
			};
		}

		@GetMapping("/fail")
		String fail() {
			seen.add(RequestScope.current());
			throw new IllegalStateException("boom");
		}

	}

}
