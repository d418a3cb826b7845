package dev.leakguard.endpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.leakguard.baseline.BaselineAnalyzer;
import dev.leakguard.baseline.DrainedSites;
import dev.leakguard.baseline.Series;
import dev.leakguard.baseline.Verdict;
import dev.leakguard.executor.ProvenLeaks;
import dev.leakguard.executor.SiteTasks;
import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.pprof.PprofExporter;
import dev.leakguard.snapshot.Baselines;
import dev.leakguard.snapshot.GroupDelta;
import dev.leakguard.snapshot.StackGroup;
import dev.leakguard.snapshot.ThreadCounts;
import dev.leakguard.snapshot.ThreadSnapshot;
import dev.leakguard.snapshot.ThreadSnapshots;
import dev.leakguard.snapshot.ThreadSnapshots.Served;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeTypeUtils;

/**
 * {@code /actuator/leaks}: live threads grouped by identical stack, the tasks in flight
 * per call site, and the spike versus rising-baseline verdict; {@code POST} saves a
 * baseline and {@code GET /actuator/leaks/{id}} diffs against it;
 * {@code GET /actuator/leaks/pprof} and {@code /actuator/leaks/{id}/pprof} export the
 * current snapshot and a saved baseline for {@code go tool pprof}.
 */
@Endpoint(id = "leaks")
public class LeaksEndpoint {

	/** Starts the line that stands for frames {@code depth} leaves out. */
	static final String OMITTED_PREFIX = "... ";

	static final String PPROF = "pprof";

	static final String BUSY = "A thread dump is being taken and none was taken before; retry in a second";

	private final ThreadSnapshots snapshots;

	private final Baselines baselines;

	private final TaskRegistry tasks;

	private final BaselineAnalyzer analyzer;

	private final DrainedSites drained;

	public LeaksEndpoint(ThreadSnapshots snapshots, Baselines baselines, TaskRegistry tasks,
			BaselineAnalyzer analyzer, DrainedSites drained) {
		this.drained = drained;
		this.snapshots = snapshots;
		this.baselines = baselines;
		this.tasks = tasks;
		this.analyzer = analyzer;
	}

	@ReadOperation
	public WebEndpointResponse<Object> leaks(@Nullable String limit, @Nullable String minCount,
			@Nullable String state, @Nullable String depth) {
		GroupQuery query;
		try {
			query = GroupQuery.parse(limit, minCount, state, depth);
		}
		catch (IllegalArgumentException ex) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, ex.getMessage());
		}
		Served served = this.snapshots.take();
		return (served != null) ? new WebEndpointResponse<>(report(served, query)) : busy();
	}

	@ReadOperation(produces = "text/plain;charset=UTF-8")
	public WebEndpointResponse<String> leaksText(@Nullable String limit, @Nullable String minCount,
			@Nullable String state, @Nullable String depth) {
		GroupQuery query;
		try {
			query = GroupQuery.parse(limit, minCount, state, depth);
		}
		catch (IllegalArgumentException ex) {
			return new WebEndpointResponse<>(ex.getMessage() + "\n", WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		Served served = this.snapshots.take();
		if (served == null) {
			return new WebEndpointResponse<>(BUSY + "\n", WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE);
		}
		return new WebEndpointResponse<>(LeaksTextFormatter.format(report(served, query)));
	}

	@WriteOperation
	public WebEndpointResponse<Object> saveBaseline() {
		Served served = this.snapshots.take();
		if (served == null || served.stale()) {
			return busy(); // a baseline must be taken now, not served from before
		}
		ThreadSnapshot snapshot = served.snapshot();
		return new WebEndpointResponse<>(
				new BaselineDescriptor(this.baselines.save(snapshot), snapshot.timestamp().toString()));
	}

	/**
	 * Serves the paths below {@code /actuator/leaks}: {@code /pprof} (the current snapshot
	 * as a pprof profile), {@code /{id}} (the diff against a saved baseline) and
	 * {@code /{id}/pprof} (that baseline as a pprof profile).
	 */
	@ReadOperation
	public WebEndpointResponse<Object> below(@Selector(match = Match.ALL_REMAINING) String[] path,
			@Nullable String limit, @Nullable String minCount, @Nullable String state, @Nullable String depth) {
		if (path.length == 1 && path[0].equals(PPROF)) {
			Served served = this.snapshots.take();
			ProvenLeaks proof = this.tasks.provenLeaks();
			return (served != null) ? pprof(served.snapshot(), (proof != null) ? proof.proven() : List.of()) : busy();
		}
		if (path.length == 2 && path[1].equals(PPROF)) {
			ThreadSnapshot baseline = this.baselines.get(path[0]);
			// a saved baseline as it was: no proven leaks of today in it
			return (baseline != null) ? pprof(baseline, List.of()) : notFound(path[0]);
		}
		if (path.length != 1) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND, "No such path below /actuator/leaks: '"
					+ Escape.bounded(String.join("/", path), GroupQuery.MAX_ECHO) + "'");
		}
		return diff(path[0], limit, minCount, state, depth);
	}

	private WebEndpointResponse<Object> diff(String id, @Nullable String limit, @Nullable String minCount,
			@Nullable String state, @Nullable String depth) {
		GroupQuery query;
		try {
			query = GroupQuery.parse(limit, minCount, state, depth);
		}
		catch (IllegalArgumentException ex) {
			return error(WebEndpointResponse.STATUS_BAD_REQUEST, ex.getMessage());
		}
		ThreadSnapshot baseline = this.baselines.get(id);
		if (baseline == null) {
			return notFound(id);
		}
		Served served = this.snapshots.take();
		if (served == null) {
			return busy();
		}
		ThreadSnapshot current = served.snapshot();
		List<DeltaDescriptor> groups = new ArrayList<>();
		for (GroupDelta delta : Baselines.diff(baseline, current)) {
			StackGroup group = delta.group();
			if (groups.size() < query.limit() && query.matches(Math.abs(delta.delta()), group.state())) {
				groups.add(new DeltaDescriptor(delta.change().name().toLowerCase(), delta.delta(), delta.before(),
						delta.after(), group.state(), group.virtual(), group.waitReason(),
						frames(group.frames(), query.depth(), applicationFrame(group)), group.threadNames()));
			}
		}
		return new WebEndpointResponse<>(new DiffDescriptor(new BaselineDescriptor(id, baseline.timestamp().toString()),
				current.timestamp().toString(), threads(current.threads()), groups));
	}

	private LeaksDescriptor report(Served served, GroupQuery query) {
		ThreadSnapshot snapshot = served.snapshot();
		List<GroupDescriptor> groups = new ArrayList<>();
		for (StackGroup group : snapshot.groups()) {
			if (groups.size() == query.limit()) {
				break;
			}
			if (query.matches(group.count(), group.state())) {
				groups.add(group(group, query));
			}
		}
		Verdict verdict = this.analyzer.verdict(Series.PLATFORM_THREADS);
		List<DrainedDescriptor> drained = new ArrayList<>();
		for (DrainedSites.Drained site : this.drained.recent()) {
			drained.add(new DrainedDescriptor(site.callSite(), site.suspectedAt().toString(),
					site.drainedAt().toString(), seconds(site.held().toNanos()), site.peak()));
		}
		ProvenLeaks proof = this.tasks.provenLeaks();
		List<ProvenDescriptor> proven = new ArrayList<>();
		if (proof != null) {
			for (ProvenLeaks.Proven leak : proof.proven()) {
				proven.add(new ProvenDescriptor(leak.callSite(), leak.route(), leak.count(),
						frames(leak.frames(), query.depth(), this.tasks.callSites().applicationFrame(leak.frames())),
						String.valueOf(leak.firstSeen()), String.valueOf(leak.lastSeen())));
			}
		}
		return new LeaksDescriptor(snapshot.timestamp().toString(), served.stale(), seconds(served.age().toNanos()),
				threads(snapshot.threads()), proof != null, proven, groups, tasks(),
				new VerdictDescriptor(verdict.status().name(), verdict.baseline(), verdict.detail()), drained);
	}

	private List<TaskDescriptor> tasks() {
		long now = System.nanoTime();
		List<TaskDescriptor> tasks = new ArrayList<>();
		for (SiteTasks site : this.tasks.sites()) {
			int active = site.active();
			if (active > 0) {
				long oldest = site.oldestStartNanos();
				double age = (oldest == Long.MAX_VALUE) ? 0 : seconds(now - oldest);
				tasks.add(new TaskDescriptor(site.callSite(), site.executor(), site.route(), active, site.orphaned(), age));
			}
		}
		tasks.sort(Comparator.comparingInt(TaskDescriptor::active).reversed());
		return tasks;
	}

	private GroupDescriptor group(StackGroup group, GroupQuery query) {
		int application = applicationFrame(group);
		List<CreatorDescriptor> createdBy = new ArrayList<>(group.createdBy().size());
		group.createdBy()
			.forEach((creator) -> createdBy.add(new CreatorDescriptor(creator.callSite(), creator.executor(),
					creator.route(), creator.count())));
		return new GroupDescriptor(group.count(), group.state(), group.virtual(), group.waitReason(),
				(application >= 0) ? group.frames().get(application) : null,
				frames(group.frames(), query.depth(), application), group.threadNames(),
				group.trend().name().toLowerCase(), createdBy,
				(group.stuckFor() != null) ? seconds(group.stuckFor().toNanos()) : null);
	}

	private int applicationFrame(StackGroup group) {
		return this.tasks.callSites().applicationFrame(group.frames());
	}

	/**
	 * Cuts a stack to {@code depth} frames, keeping the application frame: past the depth,
	 * the top frame, a line saying how many frames were left out, and the frames that lead
	 * to the application frame.
	 */
	static List<String> frames(List<String> frames, int depth, int application) {
		if (frames.size() <= depth) {
			return frames;
		}
		if (application < depth) {
			return frames.subList(0, depth);
		}
		if (depth == 1) {
			return List.of(frames.get(application));
		}
		int from = application - depth + 2;
		List<String> kept = new ArrayList<>(depth + 1);
		kept.add(frames.get(0));
		kept.add(OMITTED_PREFIX + (from - 1) + " frames");
		kept.addAll(frames.subList(from, application + 1));
		return kept;
	}

	private static ThreadsDescriptor threads(ThreadCounts counts) {
		return new ThreadsDescriptor(counts.platform(), counts.virtual(), counts.daemon(), counts.peak());
	}

	private static double seconds(long nanos) {
		return Math.round(nanos / 1e6) / 1e3;
	}

	private static WebEndpointResponse<Object> pprof(ThreadSnapshot snapshot, List<ProvenLeaks.Proven> proven) {
		return new WebEndpointResponse<>(PprofExporter.export(snapshot, proven), WebEndpointResponse.STATUS_OK,
				MimeTypeUtils.APPLICATION_OCTET_STREAM);
	}

	private static WebEndpointResponse<Object> notFound(String id) {
		return error(WebEndpointResponse.STATUS_NOT_FOUND, "No baseline with id '"
				+ Escape.bounded(id, GroupQuery.MAX_ECHO) + "'; POST /actuator/leaks saves one");
	}

	private static WebEndpointResponse<Object> busy() {
		return error(WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE, BUSY);
	}

	private static WebEndpointResponse<Object> error(int status, @Nullable String message) {
		return new WebEndpointResponse<>(Map.of("status", status, "message", String.valueOf(message)), status);
	}

	public record LeaksDescriptor(String timestamp, boolean stale, double ageSeconds, ThreadsDescriptor threads,
			boolean provenEnabled, List<ProvenDescriptor> proven, List<GroupDescriptor> groups, List<TaskDescriptor> tasks, VerdictDescriptor verdict,
			List<DrainedDescriptor> drained) {
	}

	public record ProvenDescriptor(String callSite, @Nullable String route, long count, List<String> frames,
			String firstSeen, String lastSeen) {
	}

	public record DrainedDescriptor(String callSite, String suspectedAt, String drainedAt, double heldSeconds,
			long peak) {
	}

	public record ThreadsDescriptor(int platform, @Nullable Integer virtual, int daemon, int peak) {
	}

	public record GroupDescriptor(int count, String state, boolean virtual, String waitReason,
			@Nullable String blockedAt, List<String> frames, List<String> threadNames, String trend,
			List<CreatorDescriptor> createdBy, @Nullable Double stuckForSeconds) {
	}

	public record CreatorDescriptor(String callSite, @Nullable String executor, @Nullable String route, int count) {
	}

	public record TaskDescriptor(String callSite, String executor, @Nullable String route, int active, int orphaned,
			double oldestAgeSeconds) {
	}

	public record VerdictDescriptor(String status, long baseline, String detail) {
	}

	public record BaselineDescriptor(String id, String timestamp) {
	}

	public record DiffDescriptor(BaselineDescriptor baseline, String timestamp, ThreadsDescriptor threads,
			List<DeltaDescriptor> groups) {
	}

	public record DeltaDescriptor(String change, int delta, int before, int after, String state, boolean virtual,
			String waitReason, List<String> frames, List<String> threadNames) {
	}

}
