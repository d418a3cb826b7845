package dev.leakguard.executor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.ConcurrentBag;
import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

/**
 * A task counted at its call site from {@link #track()} to {@link #untrack()}, told when
 * its submitter's scope is cancelled.
 */
abstract class TrackedTask extends RequestScope.Listener {

	final SiteTasks site;

	final @Nullable RequestScope scope;

	private static final VarHandle RUNNING_NODE;

	static {
		try {
			RUNNING_NODE = MethodHandles.lookup().findVarHandle(TrackedTask.class, "runningNode", ConcurrentBag.Node.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * Picks the task's stack among its site's running tasks: a first identity hash is costly
	 * (generated and installed in the object header), a random one is not.
	 */
	private final int hash = ThreadLocalRandom.current().nextInt();

	private volatile long startNanos;

	/**
	 * Its place among its site's running tasks, while tracked: written with release
	 * semantics (no fence) by the thread that tracks it, read by whichever thread ends it.
	 */
	private volatile ConcurrentBag.@Nullable Node<TrackedTask> runningNode;

	TrackedTask(SiteTasks site, @Nullable RequestScope scope) {
		this.site = site;
		this.scope = scope;
	}

	@Override
	public final int hashCode() {
		return this.hash;
	}

	@Override
	public final boolean equals(Object other) {
		return this == other;
	}

	/**
	 * Returns the thread running the task, for reports.
	 * @return the thread, or {@code null} if none runs it now
	 */
	abstract @Nullable Thread thread();

	/**
	 * Stops the task for good: the application is closing and nothing else will.
	 * @return {@code true} if it was running and is now told to stop
	 */
	abstract boolean stop();

	final long startNanos() {
		return this.startNanos;
	}

	/**
	 * Whether nothing but the application's end would stop the task: its request ended,
	 * or it never had one.
	 * @return {@code true} for a leftover
	 */
	final boolean isLeftover() {
		return this.scope == null || this.scope.isEnded();
	}

	final boolean isOrphaned() {
		RequestScope scope = this.scope;
		return scope != null && scope.isEnded();
	}

	/**
	 * Refuses to start work whose scope is already cancelled.
	 * @throws TaskCancelledException if the scope is cancelled or past its deadline
	 */
	final void checkNotCancelled() {
		checkNotCancelledAt(System.nanoTime());
	}

	final void checkNotCancelledAt(long nanoTime) {
		CancelCause cause = (this.scope != null) ? this.scope.causeAt(nanoTime) : null;
		if (cause != null) {
			throw this.site.refused(cause);
		}
	}

	final void track() {
		track(System.nanoTime());
	}

	final void track(long nanoTime) {
		trackRunning(nanoTime);
		if (this.scope != null) {
			this.scope.listen(this);
		}
	}

	/**
	 * Counts the task at its site without listening for its scope's cancellation: a
	 * {@linkplain #listenLate() sweep} registers it if it runs long enough.
	 * @param nanoTime its start
	 */
	final void trackRunning(long nanoTime) {
		this.startNanos = nanoTime;
		this.site.started(this);
	}

	/**
	 * Called by the sweep of {@link dev.leakguard.scope.LateListening} on a task it finds running: tasks that
	 * track without listening register here. Others listen from the start already.
	 */
	void listenLate() {
	}

	final void runningNode(ConcurrentBag.Node<TrackedTask> node) {
		RUNNING_NODE.setRelease(this, node);
	}

	final ConcurrentBag.@Nullable Node<TrackedTask> runningNode() {
		return this.runningNode;
	}

	final void untrack() {
		close();
		untrackRunning();
	}

	/** Stops counting the task at its site, leaving any registration with its scope as it is. */
	final void untrackRunning() {
		this.site.finished(this);
	}


}
