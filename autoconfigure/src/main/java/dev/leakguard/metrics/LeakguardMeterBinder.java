package dev.leakguard.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import dev.leakguard.baseline.BaselineAnalyzer;
import dev.leakguard.baseline.Series;
import dev.leakguard.baseline.Status;
import dev.leakguard.executor.ProvenLeaks;
import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.snapshot.VirtualThreadCounter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * All of leakguard's meters but the HTTP client counter, which
 * {@link HttpClientDeadlineMetrics} registers:
 * <table>
 * <tr><th>name</th><th>tags</th><th>meaning</th></tr>
 * <tr><td>leakguard.threads.live</td><td>kind</td><td>live platform or virtual threads</td></tr>
 * <tr><td>leakguard.threads.baseline</td><td>kind</td><td>lowest live threads over the window</td></tr>
 * <tr><td>leakguard.tasks.active</td><td>call_site, executor</td><td>tasks running now</td></tr>
 * <tr><td>leakguard.tasks.orphaned</td><td>call_site</td><td>tasks running after their request ended</td></tr>
 * <tr><td>leakguard.tasks.oldest</td><td>call_site</td><td>age of the oldest running task, seconds</td></tr>
 * <tr><td>leakguard.tasks.submitted</td><td>call_site</td><td>tasks submitted</td></tr>
 * <tr><td>leakguard.tasks.cancelled</td><td>call_site</td><td>tasks interrupted or dropped by a cancelled scope</td></tr>
 * <tr><td>leakguard.tasks.deadline.exceeded</td><td>call_site</td><td>tasks interrupted or dropped at their deadline</td></tr>
 * <tr><td>leakguard.leak.suspected</td><td>call_site</td><td>1 while the call site's baseline rises</td></tr>
 * <tr><td>leakguard.threads.leaked.proven</td><td>call_site</td><td>virtual threads collected while parked
 * (only with {@code -Djdk.trackAllThreads=false})</td></tr>
 * </table>
 * Per-call-site meters are registered when a call site first submits a task; their
 * number is bounded by {@code leakguard.tasks.max-call-sites}. Their {@code call_site} tag
 * is {@code pkg.Class.method} without file and line (stable across deploys): call sites
 * of one method add up in one series.
 */
public final class LeakguardMeterBinder implements MeterBinder {

	private final TaskRegistry tasks;

	private final BaselineAnalyzer analyzer;

	private final @Nullable VirtualThreadCounter virtualThreads;

	public LeakguardMeterBinder(TaskRegistry tasks, BaselineAnalyzer analyzer,
			@Nullable VirtualThreadCounter virtualThreads) {
		this.tasks = tasks;
		this.analyzer = analyzer;
		this.virtualThreads = virtualThreads;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		bindThreads(registry, "platform", Series.PLATFORM_THREADS, threads, (bean) -> bean.getThreadCount());
		if (this.virtualThreads != null) {
			bindThreads(registry, "virtual", Series.VIRTUAL_THREADS, this.virtualThreads, VirtualThreadCounter::live);
		}
		Set<String> callSites = ConcurrentHashMap.newKeySet();
		this.tasks.onSite((site) -> bindSite(registry, site, callSites));
	}

	private <T> void bindThreads(MeterRegistry registry, String kind, String series, T source,
			ToDoubleFunction<T> live) {
		Gauge.builder("leakguard.threads.live", source, live)
			.tag("kind", kind)
			.description("Live threads of the given kind")
			.register(registry);
		Gauge.builder("leakguard.threads.baseline", this.analyzer, (analyzer) -> analyzer.floor(series))
			.tag("kind", kind)
			.description("Lowest live thread count over the baseline window")
			.register(registry);
	}

	private void bindSite(MeterRegistry registry, SiteTasks site, Set<String> seen) {
		TaskRegistry tasks = this.tasks;
		String callSite = site.tag();
		String executor = site.executor();
		if (seen.add(callSite + '\n' + executor)) {
			Gauge.builder("leakguard.tasks.active", tasks, (t) -> t.total(callSite, executor, SiteTasks::active))
				.tags("call_site", callSite, "executor", executor)
				.description("Tasks running now")
				.register(registry);
		}
		if (!seen.add(callSite)) {
			return;
		}
		Gauge.builder("leakguard.tasks.orphaned", tasks, (t) -> t.total(callSite, null, SiteTasks::orphaned))
			.tag("call_site", callSite)
			.description("Tasks still running after the request that started them ended")
			.register(registry);
		Gauge.builder("leakguard.tasks.oldest", tasks, (t) -> ageSeconds(t.oldestStartNanos(callSite)))
			.tag("call_site", callSite)
			.description("Age of the oldest running task")
			.baseUnit("seconds")
			.register(registry);
		FunctionCounter.builder("leakguard.tasks.submitted", tasks, (t) -> t.total(callSite, null, SiteTasks::submitted))
			.tag("call_site", callSite)
			.description("Tasks submitted")
			.register(registry);
		FunctionCounter.builder("leakguard.tasks.cancelled", tasks, (t) -> t.total(callSite, null, SiteTasks::cancelled))
			.tag("call_site", callSite)
			.description("Tasks interrupted or not started because their scope was cancelled")
			.register(registry);
		FunctionCounter
			.builder("leakguard.tasks.deadline.exceeded", tasks,
					(t) -> t.total(callSite, null, SiteTasks::deadlineExceeded))
			.tag("call_site", callSite)
			.description("Tasks interrupted or not started because their deadline passed")
			.register(registry);
		ProvenLeaks proof = tasks.provenLeaks();
		if (proof != null) {
			FunctionCounter.builder("leakguard.threads.leaked.proven", proof, (p) -> p.count(callSite))
				.tag("call_site", callSite)
				.description("Virtual threads the garbage collector collected while still parked: leaks, proven")
				.register(registry);
		}
		Gauge
			.builder("leakguard.leak.suspected", this.analyzer,
					(analyzer) -> (analyzer.status(Series.tasks(callSite)) == Status.RISING_BASELINE) ? 1 : 0)
			.tag("call_site", callSite)
			.description("1 while the call site's active tasks show a rising baseline, else 0")
			.register(registry);
	}

	private static double ageSeconds(long startNanos) {
		return (startNanos == Long.MAX_VALUE) ? 0 : (System.nanoTime() - startNanos) / 1e9;
	}

}
