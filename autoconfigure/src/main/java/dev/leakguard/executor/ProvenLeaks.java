package dev.leakguard.executor;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.leakguard.snapshot.Frames;
import dev.leakguard.snapshot.ThreadSample;
import org.jspecify.annotations.Nullable;

/**
 * Leaks the garbage collector proves: with {@code -Djdk.trackAllThreads=false} the JDK
 * keeps no reference to a virtual thread started outside a thread container, so one that
 * parks on objects nothing else can reach becomes garbage itself. Each virtual thread
 * running a tracked task is watched through a {@link Cleaner}, held only weakly by
 * leakguard; if it is collected before its task ended, it could never have woken: a
 * proven leak, with no false positive. Platform threads are GC roots and never collected;
 * threads of a live thread-per-task executor stay reachable through it.
 */
public final class ProvenLeaks {

	/** Frames kept of the last stack seen of a watched thread. */
	static final int MAX_FRAMES = 64;

	/** Distinct (call site, route) entries kept; more add up under the first. */
	static final int MAX_ENTRIES = 1000;

	private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

	private final Cleaner cleaner = Cleaner.create((runnable) -> {
		Thread thread = new Thread(runnable, "leakguard-proven-leaks");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<Watch> watching = ConcurrentHashMap.newKeySet();

	private final Map<Key, Proven> proven = new ConcurrentHashMap<>();

	/**
	 * Whether this JVM lets the garbage collector prove leaks: JDK 21+ started with
	 * {@code -Djdk.trackAllThreads=false}.
	 * @return {@code true} if proof is possible
	 */
	public static boolean jvmAllows() {
		return IS_VIRTUAL != null && "false".equals(System.getProperty("jdk.trackAllThreads"));
	}

	/**
	 * Starts watching the calling thread while it runs the task, if it is virtual.
	 * @param task the task it runs
	 * @return the watch, or {@code null} for a platform thread
	 */
	@Nullable Watch watchCurrent(InterruptibleTask task) {
		Thread thread = Thread.currentThread();
		if (!isVirtual(thread)) {
			return null;
		}
		Watch watch = new Watch(this, task, thread);
		watch.cleanable = this.cleaner.register(thread, watch);
		this.watching.add(watch);
		return watch;
	}

	/**
	 * Captures the stack of every watched thread whose task has run longer than the given
	 * time, so a proven leak can say where its thread was parked.
	 * @param olderThanNanos how long a task runs before its stack is taken
	 */
	public void sweep(long olderThanNanos) {
		long now = System.nanoTime();
		for (Watch watch : this.watching) {
			if (now - watch.task.startNanos() > olderThanNanos && watch.frames == null) {
				Thread thread = watch.thread.get();
				if (thread != null) {
					watch.frames = frames(thread.getStackTrace());
				}
			}
		}
	}

	/**
	 * Returns the watched virtual threads still alive, as a dump would list them: under
	 * {@code -Djdk.trackAllThreads=false} the JDK's own dump leaves out virtual threads
	 * started outside a thread container, so turning proof on must not hide a live leak.
	 * @return the threads, each with its current stack
	 */
	@SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
	public List<ThreadSample> liveThreads() {
		List<ThreadSample> threads = new ArrayList<>();
		for (Watch watch : this.watching) {
			Thread thread = watch.thread.get();
			if (thread != null && thread.isAlive()) {
				threads.add(new ThreadSample(thread.getId(), thread.getName(), true, thread.getState().name(),
						frames(thread.getStackTrace())));
			}
		}
		return threads;
	}

	/**
	 * Returns the proven leaks so far, most first.
	 * @return one entry per call site and route
	 */
	public List<Proven> proven() {
		List<Proven> all = new ArrayList<>(this.proven.values());
		all.sort(Comparator.comparingLong(Proven::count).reversed());
		return all;
	}

	/**
	 * Returns how many leaks were proven at call sites with the given tag.
	 * @param tag the call site's tag, {@code pkg.Class.method}
	 * @return the count
	 */
	public long count(String tag) {
		long count = 0;
		for (Proven entry : this.proven.values()) {
			if (CallSites.tag(entry.callSite()).equals(tag)) {
				count += entry.count();
			}
		}
		return count;
	}

	private void collected(Watch watch) {
		this.watching.remove(watch);
		if (watch.done) {
			return;
		}
		InterruptibleTask task = watch.task;
		String route = (task.scope != null) ? task.scope.route() : null;
		Key key = new Key(task.site.callSite(), route);
		Proven entry = this.proven.get(key);
		if (entry == null && this.proven.size() < MAX_ENTRIES) {
			entry = this.proven.computeIfAbsent(key, (k) -> new Proven(k.callSite(), k.route()));
		}
		if (entry != null) {
			entry.add(watch.frames);
		}
		task.untrack(); // it will never end by itself: no longer active
	}

	private static List<String> frames(StackTraceElement[] stack) {
		return List.copyOf(Frames.format(stack, MAX_FRAMES));
	}

	private static boolean isVirtual(Thread thread) {
		try {
			return IS_VIRTUAL != null && (boolean) IS_VIRTUAL.invokeExact(thread);
		}
		catch (Throwable ex) {
			return false;
		}
	}

	private static @Nullable MethodHandle isVirtualHandle() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			return null; // Java 17: no virtual threads
		}
	}

	/**
	 * Watches one virtual thread while it runs a task; held by the cleaner, never
	 * referencing the thread but weakly.
	 */
	static final class Watch implements Runnable {

		private final ProvenLeaks owner;

		private final InterruptibleTask task;

		private final WeakReference<Thread> thread;

		private volatile Cleaner.@Nullable Cleanable cleanable;

		private volatile @Nullable List<String> frames;

		private volatile boolean done;

		Watch(ProvenLeaks owner, InterruptibleTask task, Thread thread) {
			this.owner = owner;
			this.task = task;
			this.thread = new WeakReference<>(thread);
		}

		@Nullable Thread thread() {
			return this.thread.get();
		}

		/** The task ended: nothing to prove. */
		void done() {
			this.done = true;
			Cleaner.@Nullable Cleanable cleanable = this.cleanable;
			if (cleanable != null) {
				cleanable.clean(); // runs now, once, and frees the registration
			}
		}

		@Override
		public void run() {
			this.owner.collected(this);
		}

	}

	private record Key(String callSite, @Nullable String route) {
	}

	/**
	 * Virtual threads of one call site and route collected while parked.
	 */
	public static final class Proven {

		private final String callSite;

		private final @Nullable String route;

		private final AtomicLong count = new AtomicLong();

		private volatile List<String> frames = List.of();

		private volatile @Nullable Instant firstSeen;

		private volatile @Nullable Instant lastSeen;

		Proven(String callSite, @Nullable String route) {
			this.callSite = callSite;
			this.route = route;
		}

		synchronized void add(@Nullable List<String> frames) {
			Instant now = Instant.now();
			this.count.incrementAndGet();
			if (this.firstSeen == null) {
				this.firstSeen = now;
			}
			this.lastSeen = now;
			if (frames != null) {
				this.frames = frames;
			}
		}

		public String callSite() {
			return this.callSite;
		}

		public @Nullable String route() {
			return this.route;
		}

		public long count() {
			return this.count.get();
		}

		/**
		 * Returns the last stack seen of one of its threads, innermost first; empty if
		 * none was captured before it was collected.
		 * @return the frames
		 */
		public List<String> frames() {
			return this.frames;
		}

		public @Nullable Instant firstSeen() {
			return this.firstSeen;
		}

		public @Nullable Instant lastSeen() {
			return this.lastSeen;
		}

	}

}
