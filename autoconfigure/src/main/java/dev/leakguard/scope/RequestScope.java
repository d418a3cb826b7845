package dev.leakguard.scope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The life of one unit of request work: a deadline and a cancellation signal, the JVM
 * counterpart of Go's {@code context.Context}. Leakguard opens one for every inbound HTTP
 * request; tasks and outbound calls started while it is {@linkplain #current() current}
 * inherit it. Open one yourself for work that has no request:
 * <pre class="code">
 * try (RequestScope scope = RequestScope.open(Duration.ofSeconds(5))) {
 *     executor.submit(this::refresh); // inherits the 5s deadline
 * }
 * </pre>
 */
public final class RequestScope implements AutoCloseable {

	private static final ThreadLocal<@Nullable RequestScope> CURRENT = new ThreadLocal<>();

	/** The tasks of one request run on a few threads at once at most. */
	private static final int LISTENER_STRIPES = 1;

	private static final int LISTENER_MIN_UNLINK = 4;

	/** The listeners of a scope cancelled before any came: closed, shared. */
	private static final ConcurrentBag<Listener> NO_LISTENERS = new ConcurrentBag<>(1);

	static {
		NO_LISTENERS.close();
	}

	/**
	 * The current scope again, inheritable, set only while a thread-creation hook is
	 * installed: every thread created where an inheritable thread-local is set copies the
	 * creator's map (a weakly referenced entry each), which a virtual thread per task
	 * would pay on every task.
	 */
	private static final Creating CREATING = new Creating();

	/**
	 * What a thread was given by the creation hook when it was created, kept here once the
	 * thread makes a scope current of its own: the hook's mark must live as long as the
	 * thread.
	 */
	private static final ThreadLocal<@Nullable Object> MARK = new ThreadLocal<>();

	private static volatile @Nullable Function<RequestScope, @Nullable Object> threadCreated;

	private final long deadlineNanos;

	private final @Nullable RequestScope previous;

	private static final VarHandle LISTENERS;

	private static final VarHandle CAUSE;

	static {
		try {
			LISTENERS = MethodHandles.lookup().findVarHandle(RequestScope.class, "listeners", ConcurrentBag.class);
			CAUSE = MethodHandles.lookup().findVarHandle(RequestScope.class, "cause", CancelCause.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * The registered listeners, made by the first: a compare-and-set to add one and one to
	 * take it back, no lock, so the tasks of one request that start and end at once on
	 * several threads do not queue on the scope. Closed by a cancel.
	 */
	private volatile @Nullable ConcurrentBag<Listener> listeners;

	private volatile @Nullable CancelCause cause;

	private volatile boolean ended;

	/** The deadline timer's entry while armed; changed holding the scope's lock only. */
	private volatile ConcurrentBag.@Nullable Node<RequestScope> timer;

	/** Set instead of a first identity hash, which is costly: deadline slots hash the scope. */
	private final int hash = ThreadLocalRandom.current().nextInt();

	private volatile @Nullable String route;

	private RequestScope(long deadlineNanos, @Nullable RequestScope previous, long now) {
		this.deadlineNanos = deadlineNanos;
		this.previous = previous;
		if (deadlineNanos - now <= 0) {
			this.cause = CancelCause.DEADLINE_EXCEEDED; // spent on arrival: no timer will ever say so
		}
	}

	/**
	 * Opens a scope on the calling thread that ends when {@link #close() closed}. Nested
	 * in another scope, the earliest deadline wins.
	 * @param timeout how long the work may take
	 * @return the new current scope
	 */
	public static RequestScope open(Duration timeout) {
		RequestScope scope = create(timeout);
		setCurrent(scope);
		return scope;
	}

	/**
	 * Creates a scope without making it current, for frameworks that bind it themselves
	 * with {@link #enter()} or carry it in a reactive context. Within another scope, the
	 * earliest deadline wins.
	 * @param timeout how long the work may take
	 * @return the new scope
	 */
	public static RequestScope create(Duration timeout) {
		RequestScope outer = CURRENT.get();
		long now = System.nanoTime();
		long deadline = now + saturatedNanos(timeout);
		if (outer != null && outer.deadlineNanos - deadline < 0) {
			deadline = outer.deadlineNanos;
		}
		return new RequestScope(deadline, outer, now);
	}

	/**
	 * Creates a scope with a deadline of its own only, whatever scope is current: a timer
	 * for one piece of I/O, such as a read timeout, that must not take an earlier request
	 * deadline for its own.
	 * @param timeout how long the work may take
	 * @return the new scope, not current anywhere
	 */
	public static RequestScope detached(Duration timeout) {
		long now = System.nanoTime();
		return new RequestScope(now + saturatedNanos(timeout), null, now);
	}

	/**
	 * Returns the scope of the work running on this thread.
	 * @return the current scope, or {@code null} outside any
	 */
	public static @Nullable RequestScope current() {
		return CURRENT.get();
	}

	/**
	 * Returns the time left before the deadline, never negative.
	 * @return the remaining time
	 */
	public Duration remaining() {
		return Duration.ofNanos(Math.max(0, remainingNanos()));
	}

	/**
	 * Returns the nanoseconds left before the deadline, negative once it passed.
	 * @return the remaining nanoseconds
	 */
	public long remainingNanos() {
		return this.deadlineNanos - System.nanoTime();
	}

	@Override
	public int hashCode() {
		return this.hash;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other;
	}

	/**
	 * Returns the route of the request that opened the scope, such as
	 * {@code GET /prices/{id}}: the method and the matched pattern, never the raw URI.
	 * @return the route, or {@code null} before the request was matched or outside any
	 */
	public @Nullable String route() {
		return this.route;
	}

	/**
	 * Names the route of the request that opened the scope, once it is matched.
	 * @param route the method and the matched pattern
	 */
	public void setRoute(@Nullable String route) {
		this.route = route;
	}

	/**
	 * Whether the deadline has passed.
	 * @return {@code true} once expired
	 */
	public boolean isExpired() {
		return remainingNanos() <= 0;
	}

	/**
	 * Returns why the scope is cancelled: an explicit cancel, or a passed deadline.
	 * @return the cause, or {@code null} while the scope is live
	 */
	public @Nullable CancelCause cause() {
		return causeAt(System.nanoTime());
	}

	/**
	 * Returns why the scope is cancelled as of the given time, for callers that read the
	 * clock already.
	 * @param nanoTime a {@link System#nanoTime()} value
	 * @return the cause, or {@code null} while the scope is live at that time
	 */
	public @Nullable CancelCause causeAt(long nanoTime) {
		CancelCause cause = this.cause;
		if (cause == null && this.deadlineNanos - nanoTime <= 0) {
			return CancelCause.DEADLINE_EXCEEDED;
		}
		return cause;
	}

	/**
	 * Returns why the scope was cancelled, as signalled so far, without reading the clock:
	 * a deadline that passed while nothing listened is not reported here.
	 * @return the cause, or {@code null} if no cancellation was signalled
	 */
	public @Nullable CancelCause signalledCause() {
		return this.cause;
	}

	/**
	 * Whether the scope is cancelled or past its deadline.
	 * @return {@code true} if work in this scope should stop
	 */
	public boolean isCancelled() {
		return cause() != null;
	}

	/**
	 * Whether the request that opened the scope has ended. Work still running in an ended
	 * scope is orphaned.
	 * @return {@code true} once ended
	 */
	public boolean isEnded() {
		return this.ended;
	}

	/**
	 * Cancels the scope: every {@link #onCancel(Consumer) callback} runs once.
	 */
	public void cancel() {
		cancel(CancelCause.CANCELLED);
	}

	/**
	 * Cancels the scope for the given cause, unless it is already cancelled.
	 * @param cause why the scope is cancelled
	 */
	public void cancel(CancelCause cause) {
		if (!CAUSE.compareAndSet(this, null, cause)) {
			return;
		}
		List<Listener> toNotify = closeListeners(); // after the cause: a listener that comes later runs at once
		synchronized (this) {
			disarm();
		}
		for (Listener listener : toNotify) {
			listener.scope = null; // closing it later has nothing to undo
			listener.node = null;
			listener.cancelled(cause);
		}
	}

	private List<Listener> closeListeners() {
		ConcurrentBag<Listener> listeners = this.listeners;
		if (listeners == null) {
			if (LISTENERS.compareAndSet(this, null, NO_LISTENERS)) {
				return List.of();
			}
			listeners = this.listeners;
		}
		return listeners.close();
	}

	/**
	 * Registers a callback run once when the scope is cancelled or its deadline passes.
	 * On a scope already cancelled it runs at once on the calling thread; on one whose
	 * deadline passed but did not fire yet, right away on leakguard's timer thread.
	 * Callbacks run on the cancelling thread (for deadlines, the timer thread) and must be
	 * quick.
	 * @param action the callback
	 * @return a registration to close when the callback is no longer wanted
	 */
	public Registration onCancel(Consumer<CancelCause> action) {
		ActionListener listener = new ActionListener(action);
		return listen(listener) ? listener : Registration.NONE;
	}

	/**
	 * Registers a listener, the allocation-free form of {@link #onCancel(Consumer)} for
	 * objects that are listeners themselves. A listener is registered with one scope at a
	 * time.
	 * @param listener the listener
	 * @return {@code true} if registered, {@code false} if the scope was cancelled already
	 * and the listener ran at once
	 */
	public boolean listen(Listener listener) {
		// No clock read: a deadline that passed already has its timer due at once.
		CancelCause now = this.cause;
		if (now == null) {
			listener.scope = this;
			ConcurrentBag.Node<Listener> node = listeners().addUnlessClosed(listener, 0);
			if (node != null) {
				listener.node = node;
				if (this.timer == null) { // read after the add: see disarmIfIdle()
					arm();
				}
				return true;
			}
			listener.scope = null;
			now = this.cause; // closed by a cancel, which set its cause first
		}
		listener.cancelled(now);
		return false;
	}

	private ConcurrentBag<Listener> listeners() {
		ConcurrentBag<Listener> listeners = this.listeners;
		if (listeners == null) {
			ConcurrentBag<Listener> created = new ConcurrentBag<>(LISTENER_STRIPES, LISTENER_MIN_UNLINK);
			listeners = LISTENERS.compareAndSet(this, null, created) ? created : this.listeners;
		}
		return listeners;
	}

	/**
	 * Calls the given hook on the creating thread whenever a thread is created while a
	 * scope is current there: who started what, for tools that learn of the new thread
	 * later (JFR's {@code jdk.ThreadStart}). The new thread does not inherit the scope. What
	 * the hook returns, if anything, the new thread holds (in its thread-locals) until it
	 * ends, and nothing else of leakguard does: once the garbage collector finds it
	 * unreachable, the thread ended (or was never started).
	 * @param hook called with the creating thread's scope, returning a mark for the new
	 * thread to hold or {@code null}; {@code null} for no hook
	 */
	public static void onThreadCreated(@Nullable Function<RequestScope, @Nullable Object> hook) {
		threadCreated = hook;
	}

	/**
	 * Makes the given scope current on the calling thread, or none, and returns the one
	 * that was: for context-propagation libraries, which restore scopes themselves. Code
	 * of an application uses {@link #open(Duration)} or {@link #enter()}.
	 * @param scope the scope to make current, or {@code null} for none
	 * @return the scope that was current, or {@code null}
	 */
	public static @Nullable RequestScope swapCurrent(@Nullable RequestScope scope) {
		RequestScope previous = CURRENT.get();
		if (scope != null) {
			setCurrent(scope);
		}
		else {
			CURRENT.remove();
			if (threadCreated != null) {
				mirror(null);
			}
		}
		return previous;
	}

	/**
	 * Puts back the scope that {@link #swapCurrent(RequestScope)} returned, for executors
	 * that run many tasks on one thread: unlike {@code swapCurrent(null)} it keeps the
	 * thread's entry, so the next task's swap allocates nothing.
	 * @param previous the scope that was current, or {@code null} for none
	 */
	public static void restoreCurrent(@Nullable RequestScope previous) {
		setCurrent(previous);
	}

	/**
	 * Makes this scope current on the calling thread until the binding is closed.
	 * Executors use it to run a task in the scope of the request that submitted it.
	 * @return the binding that restores the previous scope
	 */
	public Binding enter() {
		RequestScope previous = CURRENT.get();
		setCurrent(this);
		return () -> setCurrent(previous);
	}

	/**
	 * Marks the request as ended: work it started that is still running becomes orphaned
	 * but keeps the deadline.
	 */
	public void end() {
		this.ended = true;
		if (this.timer != null) {
			disarmIfIdle();
		}
	}

	/**
	 * Ends a scope {@linkplain #open(Duration) opened} on this thread and restores the
	 * scope that was current before.
	 */
	@Override
	public void close() {
		end();
		if (CURRENT.get() == this) {
			setCurrent(this.previous);
		}
	}

	private void remove(Listener listener, ConcurrentBag.Node<Listener> node) {
		if (!node.take(listener)) {
			return; // removed already, or taken by a cancel
		}
		listener.scope = null;
		listener.node = null;
		if (this.ended) {
			// Under the lock, not on a read of the timer: an end's disarmIfIdle() clears it while it looks.
			disarmIfIdle();
		}
	}

	/**
	 * Whether the deadline timer holds the scope, for tests.
	 * @return {@code true} while armed
	 */
	boolean armed() {
		return this.timer != null;
	}

	/**
	 * Returns how many listeners are registered, for tests.
	 * @return the count
	 */
	int listenerCount() {
		ConcurrentBag<Listener> listeners = this.listeners;
		return (listeners != null) ? listeners.size() : 0;
	}

	/**
	 * Returns how many nodes hold the listeners, live and empty, for tests.
	 * @return the node count
	 */
	int listenerNodes() {
		ConcurrentBag<Listener> listeners = this.listeners;
		return (listeners != null) ? listeners.nodes() : 0;
	}

	/** Arms the deadline timer for a listener just added, unless it is armed or no longer needed. */
	private synchronized void arm() {
		ConcurrentBag<Listener> listeners = this.listeners;
		if (this.timer == null && this.cause == null && listeners != null && !listeners.isEmpty()) {
			ConcurrentBag.Node<RequestScope> timer = DeadlineTimer.join(this, this.deadlineNanos);
			if (this.cause == null) {
				this.timer = timer;
			}
			else {
				timer.remove(); // its slot fired as we joined, and cancelled us
			}
		}
	}

	/**
	 * Disarms the deadline timer once the request ended and nothing listens: it must not
	 * outlive the request. The timer is cleared before the listeners are looked at, and a
	 * listener is added before the timer is looked at, so a listener that comes at once
	 * either is seen here or sees no timer and arms it.
	 */
	private synchronized void disarmIfIdle() {
		ConcurrentBag.Node<RequestScope> timer = this.timer;
		if (timer == null || !this.ended) {
			return;
		}
		this.timer = null;
		ConcurrentBag<Listener> listeners = this.listeners;
		if (listeners != null && !listeners.isEmpty()) {
			this.timer = timer; // still listened to, or a removal about to pop its node: its own call disarms
			return;
		}
		timer.remove();
	}

	/** Called by the deadline timer at, or one tick after, the deadline. */
	void deadlinePassed() {
		cancel(CancelCause.DEADLINE_EXCEEDED);
	}

	/** Cancels the deadline timer; called holding the scope's lock. */
	private void disarm() {
		if (this.timer != null) {
			this.timer.remove();
			this.timer = null;
		}
	}

	private static void setCurrent(@Nullable RequestScope scope) {
		CURRENT.set(scope);
		if (threadCreated != null) {
			mirror(scope);
		}
	}

	/** Sets the inheritable copy of the current scope, keeping a mark the thread was given. */
	private static void mirror(@Nullable RequestScope scope) {
		Object held = CREATING.get();
		if (held != null && !(held instanceof RequestScope)) {
			MARK.set(held);
		}
		CREATING.set(scope);
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return Math.max(0, duration.toNanos());
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE / 2;
		}
	}

	/**
	 * The current scope, as a thread-local that sees every thread created while it is set:
	 * its {@code childValue} runs on the creating thread. Children start with no scope, and
	 * hold the creation hook's mark here, if it gave one.
	 */
	private static final class Creating extends InheritableThreadLocal<@Nullable Object> {

		@Override
		protected @Nullable Object childValue(@Nullable Object parent) {
			Function<RequestScope, @Nullable Object> hook = threadCreated;
			if (parent instanceof RequestScope scope && hook != null && !scope.isEnded()) {
				return hook.apply(scope);
			}
			return null;
		}

	}

	/**
	 * A registered cancellation callback.
	 */
	@FunctionalInterface
	public interface Registration extends AutoCloseable {

		/** A registration with nothing to undo. */
		Registration NONE = () -> {
		};

		/** Removes the callback if it has not run yet. */
		@Override
		void close();

	}

	/**
	 * A scope made current on a thread by {@link #enter()}.
	 */
	@FunctionalInterface
	public interface Binding extends AutoCloseable {

		/** Restores the scope that was current before. */
		@Override
		void close();

	}

	/**
	 * A cancellation listener that is its own registration: objects that listen for a
	 * scope's cancellation extend it to spare an allocation per registration.
	 */
	public abstract static class Listener implements Registration {

		/**
		 * Where the listener is registered: written by the registering thread, read by
		 * whoever closes it, which the caller orders after the registration (a task
		 * registered by a sweep, through its state; a stale read only finds the node taken
		 * already). No fences: two of each per registration.
		 */
		private @Nullable RequestScope scope;

		private ConcurrentBag.@Nullable Node<Listener> node;

		/**
		 * Called once when the scope this listener is registered with is cancelled.
		 * @param cause why
		 */
		protected abstract void cancelled(CancelCause cause);

		/** Removes the listener from its scope, if it is still registered. */
		@Override
		public void close() {
			RequestScope scope = this.scope;
			ConcurrentBag.Node<Listener> node = this.node;
			if (scope != null && node != null) {
				scope.remove(this, node);
			}
		}

	}

	private static final class ActionListener extends Listener {

		private final Consumer<CancelCause> action;

		ActionListener(Consumer<CancelCause> action) {
			this.action = action;
		}

		@Override
		protected void cancelled(CancelCause cause) {
			this.action.accept(cause);
		}

	}

}
