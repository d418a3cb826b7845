package dev.leakguard.executor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Future;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.LateListening;
import dev.leakguard.scope.RequestScope;
import dev.leakguard.snapshot.ThreadOrigin;
import org.jspecify.annotations.Nullable;

/**
 * Every task submitted through a leakguard-wrapped executor, grouped by call site and
 * executor. Tasks carry the scope current at submission. Past {@code maxCallSites}
 * distinct call sites, new ones are counted under {@value #OTHER}, so meter cardinality
 * stays bounded.
 */
public final class TaskRegistry {

	/** The call site that new call sites fold into once the limit is reached. */
	public static final String OTHER = "other";

	private final int maxCallSites;

	private final CallSites callSites;

	/** Every call site's tasks, each once. */
	private final List<SiteTasks> sites = new CopyOnWriteArrayList<>();

	/**
	 * Executor, then call site, to its tasks; a call site past the limit points at its
	 * executor's {@value #OTHER} site. Two lookups by the strings a task already has, where
	 * one key object per task would be one allocation per task.
	 */
	private final ConcurrentMap<String, ConcurrentMap<String, SiteTasks>> byExecutor = new ConcurrentHashMap<>();

	private final Set<String> callSiteNames = ConcurrentHashMap.newKeySet();

	private final List<Consumer<SiteTasks>> siteListeners = new CopyOnWriteArrayList<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final WorkerThreads workerThreads = new WorkerThreads();

	private final @Nullable ProvenLeaks provenLeaks;

	/** The sweep of {@link LateListening}, which holds it weakly: for as long as the registry lives. */
	private final Runnable lateSweep = this::listenRunning;

	public TaskRegistry(int maxCallSites) {
		this(maxCallSites, new CallSites());
	}

	/**
	 * Creates a registry.
	 * @param maxCallSites call sites with their own meters; more fold into {@value #OTHER}
	 * @param callSites how call sites are named
	 */
	public TaskRegistry(int maxCallSites, CallSites callSites) {
		this(maxCallSites, callSites, null);
	}

	/**
	 * Creates a registry that may prove leaks.
	 * @param maxCallSites call sites with their own meters; more fold into {@value #OTHER}
	 * @param callSites how call sites are named
	 * @param provenLeaks watches virtual threads for the garbage collector to prove their
	 * leaks, or {@code null} (see {@link ProvenLeaks#jvmAllows()})
	 */
	public TaskRegistry(int maxCallSites, CallSites callSites, @Nullable ProvenLeaks provenLeaks) {
		this.provenLeaks = provenLeaks;
		this.callSites = callSites;
		if (maxCallSites < 1) {
			throw new IllegalArgumentException("maxCallSites must be at least 1, was " + maxCallSites);
		}
		this.maxCallSites = maxCallSites;
		LateListening.add(this.lateSweep);
	}

	/**
	 * Wraps a task submitted on this thread to the named executor.
	 * @param task the task
	 * @param executor the executor's name
	 * @return the task to hand to the executor
	 */
	public Runnable wrap(Runnable task, String executor) {
		return wrap(task, this.callSites.of(task), executor);
	}

	/**
	 * Wraps a task with a call site that was resolved already, for decorators that resolve
	 * it from the original task before other decorators wrap it.
	 * @param task the task
	 * @param callSite the call site that submits it
	 * @param executor the executor's name
	 * @return the task to hand to the executor
	 */
	public Runnable wrap(Runnable task, String callSite, String executor) {
		SiteTasks site = site(callSite, executor);
		site.submitted(1);
		TrackedRunnable tracked = new TrackedRunnable(task, site, refuseIfCancelled(site));
		ThreadStarts.handedOff(tracked);
		return tracked;
	}

	/**
	 * Wraps a value-returning task submitted on this thread to the named executor.
	 * @param <T> the result type
	 * @param task the task
	 * @param executor the executor's name
	 * @return the task to hand to the executor
	 */
	public <T> Callable<T> wrap(Callable<T> task, String executor) {
		SiteTasks site = site(this.callSites.of(task), executor);
		site.submitted(1);
		TrackedCallable<T> tracked = new TrackedCallable<>(task, site, refuseIfCancelled(site));
		ThreadStarts.handedOff(tracked);
		return tracked;
	}

	/**
	 * Wraps value-returning tasks submitted together on this thread to the named
	 * executor ({@code invokeAll}, {@code invokeAny}).
	 * @param <T> the result type
	 * @param tasks the tasks
	 * @param executor the executor's name
	 * @return the tasks to hand to the executor, in the same order
	 */
	public <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks, String executor) {
		List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
		for (Callable<T> task : tasks) {
			wrapped.add(wrap(task, executor));
		}
		return wrapped;
	}

	/**
	 * Returns the leaks the garbage collector proved, if this JVM allows proof.
	 * @return the proven leaks, or {@code null} when off
	 */
	public @Nullable ProvenLeaks provenLeaks() {
		return this.provenLeaks;
	}

	/**
	 * Returns how this registry names call sites, which also tells application frames on
	 * a captured stack.
	 * @return the call sites
	 */
	public CallSites callSites() {
		return this.callSites;
	}

	/**
	 * Resolves the call site submitting the given task on this thread.
	 * @param task the task being submitted
	 * @return its call site
	 */
	public String callSite(Object task) {
		return this.callSites.of(task);
	}

	/**
	 * Tracks a periodic task that a scheduler already scheduled and now hands to its
	 * decorator, as Spring's {@code ThreadPoolTaskScheduler} does with the scheduled
	 * future: active from now until the future is cancelled or fails (seen by
	 * {@link #sweepFinishedPeriodic()}), not only while a run runs.
	 * @param task the decorated task to run each period
	 * @param future the schedule, which it cancels if its scope is cancelled
	 * @param callSite where it was scheduled
	 * @param executor the scheduler's name
	 * @return the task to run each period
	 */
	public Runnable wrapScheduled(Runnable task, Future<?> future, String callSite, String executor) {
		SiteTasks site = site(callSite, executor);
		site.submitted(1);
		PeriodicTask periodic = new PeriodicTask(task, site, refuseIfCancelled(site));
		periodic.scheduled(future);
		periodic.track();
		return periodic;
	}

	/**
	 * Counts a thread started inside a request, outside any tracked executor.
	 * @param thread the thread, or {@code null} where it is not known (a virtual thread,
	 * counted as it is created)
	 * @param callSite where it was started
	 * @param executor {@link ThreadStarts#NEW_THREAD} or {@link ThreadStarts#UNMANAGED_POOL}
	 * @param scope the request it was started in
	 * @return its tracker, to untrack when it ends
	 */
	StartedThread threadStarted(@Nullable Thread thread, String callSite, String executor, RequestScope scope) {
		SiteTasks site = site(callSite, executor);
		site.submitted(1);
		StartedThread started = new StartedThread(site, scope, thread);
		started.track();
		return started;
	}

	/**
	 * Stops counting periodic tasks whose schedule was cancelled or failed where leakguard
	 * does not see the cancel itself (a scheduler that returns its own future).
	 */
	public void sweepFinishedPeriodic() {
		for (SiteTasks site : this.sites) {
			for (TrackedTask task : site.running()) {
				if (task instanceof PeriodicTask periodic && periodic.isFinished()) {
					periodic.untrackOnce();
				}
			}
		}
	}

	/** Makes every task running in a scope now listen for its scope's cancellation. */
	void listenRunning() {
		for (SiteTasks site : this.sites) {
			site.listenRunning();
		}
	}

	PeriodicTask periodic(Runnable task, String executor) {
		SiteTasks site = site(this.callSites.of(task), executor);
		site.submitted(1);
		return new PeriodicTask(task, site, refuseIfCancelled(site));
	}

	/**
	 * Returns the submitter's scope, refusing the task right away, on the submitting
	 * thread, if the scope's cancellation was already signalled (an inbound deadline that
	 * was spent on arrival, say): the caller gets the exception from {@code submit}
	 * instead of a future that a task never started would never complete.
	 */
	private static @Nullable RequestScope refuseIfCancelled(SiteTasks site) {
		RequestScope scope = RequestScope.current();
		CancelCause cause = (scope != null) ? scope.signalledCause() : null;
		if (cause != null) {
			throw site.refused(cause);
		}
		return scope;
	}

	/**
	 * Stops what is left running when the application closes: tasks whose request ended
	 * and tasks started outside any request. Nothing else would stop them, and an
	 * executor's graceful shutdown would wait for them until its timeout. Tasks of
	 * requests still in flight are left to finish.
	 * @return what was left running, by call site, with each task's stack
	 */
	public List<Leftover> stopLeftovers() {
		this.closed.set(true); // leftovers still queued are refused when they start
		List<Leftover> leftovers = new ArrayList<>();
		for (SiteTasks site : this.sites) {
			for (TrackedTask task : site.running()) {
				if (!task.isLeftover()) {
					continue;
				}
				Thread thread = task.thread();
				StackTraceElement[] stack = (thread != null) ? thread.getStackTrace() : new StackTraceElement[0];
				if (task.stop()) {
					leftovers.add(new Leftover(site.callSite(), site.executor(), thread, List.of(stack)));
				}
			}
		}
		return leftovers;
	}

	/**
	 * A task stopped when the application closed.
	 *
	 * @param callSite where it was submitted
	 * @param executor the executor it ran on
	 * @param thread the thread that ran it, {@code null} for a periodic task between runs
	 * @param stack where that thread was when it was stopped
	 */
	public record Leftover(String callSite, String executor, @Nullable Thread thread, List<StackTraceElement> stack) {
	}

	/**
	 * Returns where the task each thread runs now came from, for thread dumps to say who
	 * created what.
	 * @return origins by {@link Thread#threadId()}
	 */
	@SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
	public Map<Long, ThreadOrigin> runningThreads() {
		Map<Long, ThreadOrigin> threads = new HashMap<>();
		for (SiteTasks site : this.sites) {
			for (TrackedTask task : site.running()) {
				Thread thread = task.thread();
				if (thread != null) {
					String route = (task.scope != null) ? task.scope.route() : null;
					threads.put(thread.getId(), new ThreadOrigin(site.callSite(), site.executor(), route));
				}
			}
		}
		return threads;
	}

	/**
	 * Returns every tracked task running now (periodic ones: scheduled and not cancelled).
	 * @return the tasks, in no particular order
	 */
	public List<RunningTask> runningTasks() {
		List<RunningTask> tasks = new ArrayList<>();
		for (SiteTasks site : this.sites) {
			for (TrackedTask task : site.running()) {
				String route = (task.scope != null) ? task.scope.route() : null;
				tasks.add(new RunningTask(task, site.callSite(), site.executor(), route, task.thread(),
						task instanceof PeriodicTask));
			}
		}
		return tasks;
	}

	/**
	 * Starts remembering which threads run tracked tasks, for a test's leak gate to tell
	 * the idle workers of the application's own executors from those of a pool nobody
	 * shut down. Costs one volatile read per task when off, a set insert per task when on.
	 */
	public void rememberWorkerThreads() {
		this.workerThreads.enable();
	}

	/**
	 * Returns the threads seen running tracked tasks since
	 * {@link #rememberWorkerThreads()}.
	 * @return thread ids
	 */
	public Set<Long> workerThreads() {
		return this.workerThreads.ids();
	}

	/**
	 * Returns the tasks of every call site seen so far.
	 * @return the call sites, in no particular order
	 */
	public Collection<SiteTasks> sites() {
		return Collections.unmodifiableList(this.sites);
	}

	/**
	 * Sums a value over the call sites with one {@linkplain CallSites#tag(String) tag},
	 * on every executor or one.
	 * @param tag the call site's tag
	 * @param executor the executor, or {@code null} for all
	 * @param value what to sum
	 * @return the total
	 */
	public long total(String tag, @Nullable String executor, ToLongFunction<SiteTasks> value) {
		long total = 0;
		for (SiteTasks site : this.sites) {
			if (site.tag().equals(tag) && (executor == null || site.executor().equals(executor))) {
				total += value.applyAsLong(site);
			}
		}
		return total;
	}

	/**
	 * Returns the start of the oldest running task of the call sites with one tag.
	 * @param tag the call site's tag
	 * @return a {@link System#nanoTime()} value, or {@link Long#MAX_VALUE} if none runs
	 */
	public long oldestStartNanos(String tag) {
		long oldest = Long.MAX_VALUE;
		for (SiteTasks site : this.sites) {
			long start = site.tag().equals(tag) ? site.oldestStartNanos() : Long.MAX_VALUE;
			if (start != Long.MAX_VALUE && (oldest == Long.MAX_VALUE || start - oldest < 0)) {
				oldest = start;
			}
		}
		return oldest;
	}

	/**
	 * Registers a callback for each call site and executor pair, existing and new: metrics
	 * use it to register meters once per site.
	 * @param listener the callback
	 */
	public void onSite(Consumer<SiteTasks> listener) {
		this.siteListeners.add(listener);
		this.sites.forEach(listener);
	}

	SiteTasks site(String callSite, String executor) {
		Map<String, SiteTasks> onExecutor = this.byExecutor.get(executor);
		SiteTasks site = (onExecutor != null) ? onExecutor.get(callSite) : null;
		return (site != null) ? site : createSite(callSite, executor);
	}

	private SiteTasks createSite(String callSite, String executor) {
		ConcurrentMap<String, SiteTasks> onExecutor = this.byExecutor.computeIfAbsent(executor,
				(key) -> new ConcurrentHashMap<>());
		String name = fold(callSite);
		boolean[] created = new boolean[1];
		SiteTasks site = onExecutor.computeIfAbsent(name, (key) -> {
			created[0] = true;
			SiteTasks tasks = new SiteTasks(key, executor, this.closed, this.workerThreads, this.provenLeaks);
			this.sites.add(tasks);
			return tasks;
		});
		if (!name.equals(callSite)) {
			onExecutor.putIfAbsent(callSite, site);
		}
		if (created[0]) {
			this.siteListeners.forEach((listener) -> listener.accept(site));
		}
		return site;
	}

	private String fold(String callSite) {
		if (this.callSiteNames.contains(callSite)) {
			return callSite;
		}
		synchronized (this.callSiteNames) {
			if (this.callSiteNames.size() < this.maxCallSites) {
				this.callSiteNames.add(callSite);
				return callSite;
			}
		}
		return OTHER;
	}

}
