package dev.leakguard.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for leakguard.
 */
@ConfigurationProperties("leakguard")
public class LeakguardProperties {

	/**
	 * Whether leakguard is enabled.
	 */
	private boolean enabled = true;

	private final Request request = new Request();

	private final Tasks tasks = new Tasks();

	private final Http http = new Http();

	private final Baseline baseline = new Baseline();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Request getRequest() {
		return this.request;
	}

	public Tasks getTasks() {
		return this.tasks;
	}

	public Http getHttp() {
		return this.http;
	}

	public Baseline getBaseline() {
		return this.baseline;
	}

	public static class Request {

		/**
		 * Deadline given to each inbound HTTP request, inherited by the tasks and outbound
		 * calls it starts; an inbound X-Request-Deadline or grpc-timeout header may shorten it.
		 */
		private Duration deadline = Duration.ofSeconds(30);

		public Duration getDeadline() {
			return this.deadline;
		}

		public void setDeadline(Duration deadline) {
			this.deadline = deadline;
		}

	}

	public static class Tasks {

		/**
		 * Maximum number of distinct task call sites with their own meters; beyond it, call
		 * sites fold into call_site="other".
		 */
		private int maxCallSites = 200;

		/**
		 * What happens to tasks still running when the request that started them ends.
		 */
		private OnRequestEnd onRequestEnd = OnRequestEnd.TRACK;

		public int getMaxCallSites() {
			return this.maxCallSites;
		}

		public void setMaxCallSites(int maxCallSites) {
			this.maxCallSites = maxCallSites;
		}

		public OnRequestEnd getOnRequestEnd() {
			return this.onRequestEnd;
		}

		public void setOnRequestEnd(OnRequestEnd onRequestEnd) {
			this.onRequestEnd = onRequestEnd;
		}

	}

	/**
	 * What to do with tasks still running when their request ends.
	 */
	public enum OnRequestEnd {

		/** Keep them running, counted as orphans, until they finish or their deadline passes. */
		TRACK,

		/** Interrupt them. */
		CANCEL

	}

	public static class Http {

		/**
		 * Connect timeout for HTTP clients, applied where spring.http.clients leaves it unset.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * Read timeout for HTTP clients, applied where spring.http.clients leaves it unset.
		 */
		private Duration readTimeout = Duration.ofSeconds(10);

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

	}

	public static class Baseline {

		/**
		 * How often live threads and active tasks are sampled for the spike versus
		 * rising-baseline analysis.
		 */
		private Duration sampleInterval = Duration.ofSeconds(10);

		/**
		 * How far back the spike versus rising-baseline analysis looks.
		 */
		private Duration window = Duration.ofMinutes(5);

		public Duration getSampleInterval() {
			return this.sampleInterval;
		}

		public void setSampleInterval(Duration sampleInterval) {
			this.sampleInterval = sampleInterval;
		}

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			this.window = window;
		}

	}

}
