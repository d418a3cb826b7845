package dev.leakguard.metrics;

import dev.leakguard.http.DeadlineExceededListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts outbound calls that failed on their deadline as
 * {@code leakguard.http.client.deadline.exceeded{client}}, {@code client} being
 * {@code restclient}, {@code resttemplate} or {@code webclient}.
 */
public final class HttpClientDeadlineMetrics implements DeadlineExceededListener {

	private final MeterRegistry registry;

	public HttpClientDeadlineMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void deadlineExceeded(String client) {
		Counter.builder("leakguard.http.client.deadline.exceeded")
			.tag("client", client)
			.description("Outbound HTTP calls failed because the request deadline passed")
			.register(this.registry)
			.increment();
	}

}
