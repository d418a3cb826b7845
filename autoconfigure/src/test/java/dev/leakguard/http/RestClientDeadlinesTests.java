package dev.leakguard.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where leakguard cannot see a builder's request factory, its interceptor stays; and the
 * builder handed out in place of Spring's stays the one the app holds through every call
 * (the guarded calls themselves: {@code RestClientRequestFactoryTests}).
 */
class RestClientDeadlinesTests {

	private final DeadlineInterceptor interceptor = new DeadlineInterceptor("restclient",
			DeadlineExceededListener.NONE, DeadlineHosts.ALL, Duration.ofSeconds(2));

	@Test
	void aBuilderWithoutAFactoryKeepsItsInterceptor() {
		RestClient.Builder builder = RestClient.builder().requestInterceptor(this.interceptor);
		assertThat(RestClientDeadlines.moveToRequestFactory(builder)).isFalse();
		assertThat(interceptors(builder)).containsExactly(this.interceptor);
	}

	@Test
	void aBuilderWithoutTheInterceptorIsLeftAlone() {
		RestClient.Builder builder = RestClient.builder().requestFactory(new JdkClientHttpRequestFactory());
		assertThat(RestClientDeadlines.moveToRequestFactory(builder)).isFalse();
		assertThat(RestClientDeadlines.movingOnBuild(builder)).isSameAs(builder);
		assertThat(interceptors(builder)).isEmpty();
	}

	@Test
	void theInterceptorMovesIntoTheFactoryAndOthersStay() {
		ClientHttpRequestInterceptor own = (request, body, execution) -> execution.execute(request, body);
		RestClient.Builder builder = RestClient.builder()
			.requestFactory(new JdkClientHttpRequestFactory())
			.requestInterceptor(this.interceptor)
			.requestInterceptor(own);
		assertThat(RestClientDeadlines.moveToRequestFactory(builder)).isTrue();
		assertThat(interceptors(builder)).containsExactly(own);
	}

	@Test
	void theHandedOutBuilderIsKeptThroughEveryCall() {
		RestClient.Builder builder = RestClientDeadlines.movingOnBuild(
				RestClient.builder().requestFactory(new JdkClientHttpRequestFactory()).requestInterceptor(this.interceptor));
		assertThat(builder).isNotInstanceOf(RestClient.builder().getClass());
		assertThat(builder.baseUrl("http://127.0.0.1/")).isSameAs(builder);
		RestClient.Builder[] applied = new RestClient.Builder[1];
		assertThat(builder.apply((b) -> applied[0] = b)).isSameAs(builder);
		assertThat(applied[0]).isSameAs(builder);
		RestClient.Builder clone = builder.clone();
		assertThat(clone).isNotSameAs(builder).isNotEqualTo(builder);
		assertThat(clone.getClass()).isEqualTo(builder.getClass());
		assertThat(builder).isEqualTo(builder).hasSameHashCodeAs(builder);
		assertThat(builder.build()).isNotNull();
		assertThat(interceptors(builder)).as("built from a copy: the next build finds it again")
			.containsExactly(this.interceptor);
	}

	private static List<ClientHttpRequestInterceptor> interceptors(RestClient.Builder builder) {
		List<ClientHttpRequestInterceptor> seen = new ArrayList<>();
		builder.requestInterceptors(seen::addAll);
		return seen;
	}

}
