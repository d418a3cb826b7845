package dev.leakguard.scope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * A listener for one piece of work in flight, such as an outbound call, registered with
 * its scope only if a sweep of {@link LateListening} finds the work still running a tick
 * after it began (or its scope unable to wait): a call that ends within a tick never
 * touches its scope's listeners or arms its deadline timer; it is put in, and taken out
 * of, one shared bag of work in flight.
 * <p>
 * It goes {@code PENDING → ENDED}, or {@code PENDING → LISTENING → ENDED} if a sweep finds
 * it: the sweep registers first and then moves it to {@code LISTENING}, or takes the
 * registration back if the work ended meanwhile; work that ends {@code LISTENING} takes it
 * back itself. {@link #end()} decides, with one compare-and-set, whether the work ended on
 * its own or by its scope's {@link #cancelled(CancelCause) cancel}, which must call it:
 * work stays in flight, and in the bag, until it ends. Internal to leakguard, shared by its
 * packages.
 */
public abstract class LateListener extends RequestScope.Listener {

	private static final int PENDING = 0;

	private static final int LISTENING = 1;

	private static final int ENDED = 2;

	private static final VarHandle STATE;

	static {
		try {
			STATE = MethodHandles.lookup().findVarHandle(LateListener.class, "state", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Every listener begun and not ended yet. */
	private static final ConcurrentBag<LateListener> inFlight = new ConcurrentBag<>(ConcurrentBag.PER_PROCESSORS);

	/** The sweep of {@link LateListening}: held here, for as long as the class lives. */
	private static final Runnable sweep = () -> inFlight.forEach(LateListener::listenLate);

	static {
		LateListening.add(sweep);
	}

	private final RequestScope target;

	private volatile int state;

	/** When the work began: written before it is in flight, which publishes it to sweeps. */
	private long startNanos;

	/**
	 * Where the listener is in flight. Written before {@link #begin()} reads the state, read
	 * after {@link #end()} wrote it, both volatile: an end racing the begin on another thread
	 * sees the node, or the begin sees the end, or both (removing twice does nothing).
	 */
	private volatile ConcurrentBag.@Nullable Node<LateListener> inFlightNode;

	/**
	 * Creates the listener, not begun yet.
	 * @param target the scope whose cancel the work must hear of
	 */
	protected LateListener(RequestScope target) {
		this.target = target;
	}

	/**
	 * Puts the work in flight: from the sweep that registers it on (a tick after now, or
	 * the next one if its scope cannot wait), a cancel of its scope, or its deadline, calls
	 * {@link #cancelled(CancelCause)}. A cancel before that sweep is heard of at the next
	 * sweep, when the work registers with a scope cancelled already. Called once, on the
	 * thread that started the work; {@link #end()} may come first.
	 */
	protected final void begin() {
		this.startNanos = System.nanoTime();
		ConcurrentBag.Node<LateListener> node = inFlight.add(this, ThreadLocalRandom.current().nextInt());
		this.inFlightNode = node;
		if (this.state == ENDED) {
			node.remove(); // ended before it was in flight: the end did not see the node
			return;
		}
		LateListening.begun();
	}

	/**
	 * Ends the work, once: it is out of flight and no longer listens.
	 * @return {@code true} if this call ended it, {@code false} if it was ended already (by
	 * its own end or by a cancel)
	 */
	protected final boolean end() {
		int state;
		do {
			state = this.state;
			if (state == ENDED) {
				return false;
			}
		}
		while (!STATE.compareAndSet(this, state, ENDED));
		if (state == LISTENING) {
			super.close(); // the sweep's registration, published by its move to LISTENING, which we read
		}
		ConcurrentBag.Node<LateListener> node = this.inFlightNode;
		if (node != null) {
			node.remove();
		}
		return true;
	}

	/**
	 * Ends the work, as {@link #end()} does. A subclass that does more on close must end
	 * the work too.
	 */
	@Override
	public void close() {
		end();
	}

	/** Registers the work with its scope once it is due, for a sweep: one thread at a time. */
	private void listenLate() {
		if (this.state != PENDING || !LateListening.due(this.startNanos, this.target)) {
			return;
		}
		this.target.listen(this); // a scope cancelled already calls cancelled() right here
		if (!STATE.compareAndSet(this, PENDING, LISTENING)) {
			super.close(); // ended meanwhile, by itself or by a cancel: take the registration back
		}
	}

	/**
	 * Whether the work listens for its scope's cancellation, for tests.
	 * @return {@code true} once a sweep registered it, until it ends
	 */
	final boolean listening() {
		return this.state == LISTENING;
	}

	/**
	 * Whether this listener is in flight, for tests.
	 * @return {@code true} from its begin to its end
	 */
	final boolean inFlight() {
		boolean[] found = new boolean[1];
		inFlight.forEach((listener) -> found[0] |= listener == this);
		return found[0];
	}

	/**
	 * Runs a sweep now, under the lock of the periodic ones, for tests.
	 */
	static void sweepNow() {
		LateListening.sweep(sweep, System.nanoTime());
	}

	/**
	 * Runs a sweep as the next periodic one would, a tick from now, for tests: all work in
	 * flight is due.
	 */
	static void sweepATickLater() {
		LateListening.sweep(sweep, System.nanoTime() + DeadlineThread.TICK_NANOS);
	}

}
