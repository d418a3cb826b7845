package dev.leakguard.executor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.ConcurrentBag;
import org.jspecify.annotations.Nullable;

/**
 * The tasks of one call site on one executor: those running now, and counters of what
 * happened to them.
 */
public final class SiteTasks {

	private final String callSite;

	private final String executor;

	private final String tag;

	private final ConcurrentBag<TrackedTask> running = new ConcurrentBag<>(ConcurrentBag.PER_PROCESSORS);

	private final LongAdder submitted = new LongAdder();

	private final LongAdder cancelled = new LongAdder();

	private final LongAdder deadlineExceeded = new LongAdder();

	private final AtomicBoolean closed;

	private final WorkerThreads workerThreads;

	private final @Nullable ProvenLeaks provenLeaks;

	SiteTasks(String callSite, String executor, AtomicBoolean closed, WorkerThreads workerThreads,
			@Nullable ProvenLeaks provenLeaks) {
		this.workerThreads = workerThreads;
		this.provenLeaks = provenLeaks;
		this.callSite = callSite;
		this.executor = executor;
		this.tag = CallSites.tag(callSite);
		this.closed = closed;
	}

	/**
	 * Whether the application is closing: leftover tasks that start now are refused.
	 * @return {@code true} once the registry stopped its leftovers
	 */
	boolean closed() {
		return this.closed.get();
	}

	public String callSite() {
		return this.callSite;
	}

	/**
	 * Returns the call site as meters tag it, without file and line.
	 * @return the call site's tag
	 * @see CallSites#tag(String)
	 */
	public String tag() {
		return this.tag;
	}

	public String executor() {
		return this.executor;
	}

	/**
	 * Returns how many tasks are running (for periodic tasks: scheduled and not cancelled).
	 * @return the active task count
	 */
	public int active() {
		return this.running.size();
	}

	/**
	 * Returns how many running tasks belong to a request that has ended.
	 * @return the orphaned task count
	 */
	public int orphaned() {
		int orphaned = 0;
		for (TrackedTask task : this.running.snapshot()) {
			if (task.isOrphaned()) {
				orphaned++;
			}
		}
		return orphaned;
	}

	/**
	 * Returns the start time of the oldest running task.
	 * @return a {@link System#nanoTime()} value, or {@link Long#MAX_VALUE} if none runs
	 */
	public long oldestStartNanos() {
		long oldest = Long.MAX_VALUE;
		for (TrackedTask task : this.running.snapshot()) {
			if (oldest == Long.MAX_VALUE || task.startNanos() - oldest < 0) {
				oldest = task.startNanos();
			}
		}
		return oldest;
	}

	/**
	 * Returns the route of the requests that started most of the running tasks.
	 * @return the route, such as {@code GET /prices/{id}}, or {@code null} if none of them
	 * came from a request with a matched route
	 */
	public @Nullable String route() {
		Map<String, Integer> routes = new HashMap<>();
		@Nullable String top = null;
		int topCount = 0;
		for (TrackedTask task : this.running.snapshot()) {
			String route = (task.scope != null) ? task.scope.route() : null;
			if (route != null) {
				int count = routes.merge(route, 1, Integer::sum);
				if (count > topCount) {
					top = route;
					topCount = count;
				}
			}
		}
		return top;
	}

	/**
	 * Returns the tasks running now.
	 * @return a copy, in no particular order
	 */
	List<TrackedTask> running() {
		return this.running.snapshot();
	}

	/** Makes each task running now listen for its scope's cancellation, if it does not yet. */
	void listenRunning() {
		this.running.forEach(TrackedTask::listenLate);
	}

	public long submitted() {
		return this.submitted.sum();
	}

	/**
	 * Returns how many tasks were interrupted or dropped because their scope was cancelled,
	 * for any cause.
	 * @return the cancelled task count
	 */
	public long cancelled() {
		return this.cancelled.sum();
	}

	/**
	 * Returns how many tasks were interrupted or dropped because their deadline passed.
	 * @return the count of tasks past their deadline
	 */
	public long deadlineExceeded() {
		return this.deadlineExceeded.sum();
	}

	void submitted(int count) {
		this.submitted.add(count);
	}

	void cancelled(CancelCause cause) {
		this.cancelled.increment();
		if (cause == CancelCause.DEADLINE_EXCEEDED) {
			this.deadlineExceeded.increment();
		}
	}

	/**
	 * Counts a task of this call site that is refused before it runs.
	 * @param cause why
	 * @return the exception to throw in its place
	 */
	TaskCancelledException refused(CancelCause cause) {
		cancelled(cause);
		return new TaskCancelledException(this.callSite, cause);
	}

	void started(TrackedTask task) {
		task.runningNode(this.running.add(task, task.hashCode()));
	}

	/**
	 * Returns the proof of leaks by the garbage collector, if this JVM allows it.
	 * @return the proven leaks, or {@code null}
	 */
	@Nullable ProvenLeaks provenLeaks() {
		return this.provenLeaks;
	}

	/** Called on the thread that runs one of this site's tasks, as it starts. */
	void runningOnThisThread() {
		this.workerThreads.seen();
	}

	void finished(TrackedTask task) {
		ConcurrentBag.Node<TrackedTask> node = task.runningNode();
		if (node != null) {
			node.remove();
		}
	}

}
