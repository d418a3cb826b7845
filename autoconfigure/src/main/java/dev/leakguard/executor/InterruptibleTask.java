package dev.leakguard.executor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.leakguard.scope.CancelCause;
import dev.leakguard.scope.LateListening;
import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

/**
 * One run of a task: current in its submitter's scope while it runs, interrupted if that
 * scope is cancelled.
 * <p>
 * A run goes {@code IDLE → RUNNING → IDLE}, and through {@code LISTENING} if it runs long
 * enough for {@link LateListening}'s sweep to register it with its scope (a tick): the sweep
 * registers first and then moves it from {@code RUNNING} to {@code LISTENING}, or takes the
 * registration back if the run ended meanwhile; a run that ends {@code LISTENING} takes it
 * back itself. An interrupt moves a run from {@code RUNNING} or {@code LISTENING} to
 * {@code INTERRUPTING} and, once the thread is interrupted, {@code INTERRUPTED}; a run that
 * ends in either waits for the second and clears the interrupt, so one meant for this task
 * never reaches the pool's next. One compare-and-set per run, no lock: the task's own
 * fields are written by its thread before {@code RUNNING} is published, its registration's
 * by the sweep before {@code LISTENING} is.
 */
abstract class InterruptibleTask extends TrackedTask {

	private static final int IDLE = 0;

	private static final int RUNNING = 1;

	private static final int INTERRUPTING = 2;

	private static final int INTERRUPTED = 3;

	private static final int LISTENING = 4;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(InterruptibleTask.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile int state;

	/** The thread running the task; read by others only after they saw {@code RUNNING}. */
	private @Nullable Thread thread;

	/** Set instead of {@link #thread} when the garbage collector may prove a leak. */
	private ProvenLeaks.@Nullable Watch watch;

	/** The scope current on the thread before this run entered its own. */
	private @Nullable RequestScope previousScope;

	InterruptibleTask(SiteTasks site, @Nullable RequestScope scope) {
		super(site, scope);
	}

	final void begin() {
		long now = System.nanoTime(); // for the deadline check and the start time
		if (this.scope != null) {
			checkNotCancelledAt(now);
		}
		if (this.site.closed() && isLeftover()) {
			throw this.site.refused(CancelCause.CANCELLED);
		}
		ProvenLeaks proof = this.site.provenLeaks();
		this.watch = (proof != null) ? proof.watchCurrent(this) : null;
		this.thread = (this.watch != null) ? null : Thread.currentThread();
		STATE.setRelease(this, RUNNING);
		trackRunning(now);
		if (this.scope != null) {
			this.previousScope = RequestScope.swapCurrent(this.scope);
			LateListening.begun(); // after it counts as running: a sweep then finds it
		}
		this.site.runningOnThisThread();
	}

	final void end() {
		untrackRunning();
		if (this.scope != null) {
			RequestScope.restoreCurrent(this.previousScope);
			this.previousScope = null;
		}
		if (!STATE.compareAndSet(this, RUNNING, IDLE)) {
			endListeningOrInterrupted();
		}
		this.thread = null;
		if (this.watch != null) {
			this.watch.done();
			this.watch = null;
		}
	}

	private void endListeningOrInterrupted() {
		if (this.state == LISTENING) {
			close(); // the sweep's registration, published by its move to LISTENING, which we read
			if (STATE.compareAndSet(this, LISTENING, IDLE)) {
				return;
			}
		}
		// Interrupted by us, not the application: don't let it leak into the pool's next task.
		while (this.state != INTERRUPTED) {
			Thread.onSpinWait();
		}
		Thread.interrupted();
		close(); // stopped at the application's end, the registration may still be there
		this.state = IDLE;
	}

	/**
	 * Registers the run with its scope once it is due, for the sweep of
	 * {@link LateListening}, which calls it from one thread at a time: a cancel from then
	 * on interrupts it at once.
	 */
	@Override
	final void listenLate() {
		RequestScope scope = this.scope;
		if (scope == null || this.state != RUNNING || !LateListening.due(startNanos(), scope)) {
			return;
		}
		scope.listen(this); // a scope cancelled already interrupts the run right here
		if (!STATE.compareAndSet(this, RUNNING, LISTENING)) {
			close(); // the run ended, or was interrupted, meanwhile: take the registration back
		}
	}

	@Override
	protected final void cancelled(CancelCause cause) {
		if (interrupt()) {
			this.site.cancelled(cause);
		}
	}

	@Override
	final @Nullable Thread thread() {
		if (this.state == IDLE) {
			return null;
		}
		// may read the fields as a run ends: a report then sees no thread, as it would a moment later
		return runner();
	}

	/** The thread of this run, held directly or, while the garbage collector watches it, weakly. */
	private @Nullable Thread runner() {
		Thread thread = this.thread;
		ProvenLeaks.Watch watch = this.watch;
		return (thread != null) ? thread : (watch != null) ? watch.thread() : null;
	}

	/**
	 * Whether the garbage collector watches this run: the task must then hold nothing that
	 * leads to its thread, such as the work it runs (a {@code FutureTask} knows its runner).
	 * Asked by the running thread only, after {@link #begin()}.
	 * @return {@code true} while watched
	 */
	final boolean isWatched() {
		return this.watch != null;
	}

	@Override
	final boolean stop() {
		return interrupt();
	}

	/** Interrupts the task's thread while, and only while, the task runs on it. */
	private boolean interrupt() {
		int state;
		do {
			state = this.state;
			if (state != RUNNING && state != LISTENING) {
				return false;
			}
		}
		while (!STATE.compareAndSet(this, state, INTERRUPTING));
		Thread target = runner();
		if (target != null) {
			target.interrupt();
		}
		this.state = INTERRUPTED;
		return target != null;
	}

}
