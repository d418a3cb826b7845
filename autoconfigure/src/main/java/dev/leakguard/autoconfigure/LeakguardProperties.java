package dev.leakguard.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

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

	private final Threads threads = new Threads();

	private final CallSites callSites = new CallSites();

	private final Snapshot snapshot = new Snapshot();

	private final Health health = new Health();

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

	public CallSites getCallSites() {
		return this.callSites;
	}

	public Threads getThreads() {
		return this.threads;
	}

	public Snapshot getSnapshot() {
		return this.snapshot;
	}

	public Health getHealth() {
		return this.health;
	}

	public static class Request {

		/**
		 * Deadline given to each inbound HTTP request, inherited by the tasks and outbound
		 * calls it starts; an inbound X-Request-Deadline or grpc-timeout header may shorten it.
		 */
		private Duration deadline = Duration.ofSeconds(30);

		/**
		 * Whether an inbound X-Request-Deadline or grpc-timeout header may shorten the
		 * deadline; turn off for untrusted callers.
		 */
		private boolean trustInboundDeadline = true;

		/**
		 * Shortest deadline an inbound header may set; a shorter one is raised to it.
		 */
		private Duration inboundDeadlineFloor = Duration.ZERO;

		public Duration getDeadline() {
			return this.deadline;
		}

		public void setDeadline(Duration deadline) {
			this.deadline = deadline;
		}

		public boolean isTrustInboundDeadline() {
			return this.trustInboundDeadline;
		}

		public void setTrustInboundDeadline(boolean trustInboundDeadline) {
			this.trustInboundDeadline = trustInboundDeadline;
		}

		public Duration getInboundDeadlineFloor() {
			return this.inboundDeadlineFloor;
		}

		public void setInboundDeadlineFloor(Duration inboundDeadlineFloor) {
			this.inboundDeadlineFloor = inboundDeadlineFloor;
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
		 * Must be positive.
		 */
		private Duration connectTimeout = Duration.ofSeconds(2);

		/**
		 * Read timeout for HTTP clients, applied where spring.http.clients leaves it unset.
		 * Must be positive.
		 */
		private Duration readTimeout = Duration.ofSeconds(10);

		/**
		 * Hosts that outbound calls send the remaining deadline to as X-Request-Deadline:
		 * exact names or patterns such as "*.internal.example.com"; "*" sends it everywhere.
		 */
		private List<String> propagateDeadlineTo = new ArrayList<>(List.of("*"));

		public List<String> getPropagateDeadlineTo() {
			return this.propagateDeadlineTo;
		}

		public void setPropagateDeadlineTo(List<String> propagateDeadlineTo) {
			this.propagateDeadlineTo = propagateDeadlineTo;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = positive("leakguard.http.connect-timeout", connectTimeout);
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			this.readTimeout = positive("leakguard.http.read-timeout", readTimeout);
		}

		/**
		 * A timeout every client gets where the application set none cannot be switched off
		 * with zero: the clients would fail to build, or wait forever.
		 */
		private static Duration positive(String property, Duration timeout) {
			if (timeout.isZero() || timeout.isNegative()) {
				throw new IllegalArgumentException(property + " must be positive, was " + timeout
						+ ": leakguard gives it to every HTTP client that has none of its own");
			}
			return timeout;
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

	public static class Threads {

		private final Virtual virtual = new Virtual();

		private final CreatedBy createdBy = new CreatedBy();

		public Virtual getVirtual() {
			return this.virtual;
		}

		public CreatedBy getCreatedBy() {
			return this.createdBy;
		}

		public static class CreatedBy {

			/**
			 * Whether platform threads started inside a request outside tracked executors
			 * (new Thread, an executor made per request) are counted at the call site that
			 * started them, from JFR's thread start and end events (needs the jdk.jfr module).
			 */
			private boolean enabled;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

		public static class Virtual {

			/**
			 * Whether live virtual threads are counted for leakguard.threads.live{kind=virtual},
			 * from JFR start and end events (JDK 21+ with the jdk.jfr module).
			 */
			private boolean enabled;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	public static class Health {

		/**
		 * Whether to contribute a "leaks" health indicator with the verdict and the top
		 * suspected call site. Not part of any health group unless added to one.
		 */
		private boolean enabled;

		/**
		 * Health status reported while the baseline rises (a suspected leak); a spike
		 * reads UP.
		 */
		private String risingBaselineStatus = "DOWN";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getRisingBaselineStatus() {
			return this.risingBaselineStatus;
		}

		public void setRisingBaselineStatus(String risingBaselineStatus) {
			this.risingBaselineStatus = risingBaselineStatus;
		}

	}

	public static class Snapshot {

		/**
		 * Directory for the JDK's JSON thread dump while it is read; the system temporary
		 * directory if unset. If the dump cannot be written there, snapshots fall back to
		 * platform threads only.
		 */
		private @Nullable Path dumpDirectory;

		public @Nullable Path getDumpDirectory() {
			return this.dumpDirectory;
		}

		public void setDumpDirectory(@Nullable Path dumpDirectory) {
			this.dumpDirectory = dumpDirectory;
		}

	}

	public static class CallSites {

		/**
		 * The application's own packages, whose frames name call sites, beside those of
		 * Boot's AutoConfigurationPackages (the @SpringBootApplication package).
		 */
		private List<String> applicationPackages = new ArrayList<>();

		/**
		 * Packages whose frames never name a call site, beside the built-in framework ones.
		 */
		private List<String> frameworkPackages = new ArrayList<>();

		public List<String> getApplicationPackages() {
			return this.applicationPackages;
		}

		public void setApplicationPackages(List<String> applicationPackages) {
			this.applicationPackages = applicationPackages;
		}

		public List<String> getFrameworkPackages() {
			return this.frameworkPackages;
		}

		public void setFrameworkPackages(List<String> frameworkPackages) {
			this.frameworkPackages = frameworkPackages;
		}

	}

}
