package dev.leakguard.executor;

import java.lang.StackWalker.StackFrame;
import java.lang.ref.Cleaner;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

/**
 * Attributes threads started inside a request, by any means ({@code new Thread},
 * {@code Thread.ofVirtual().start}, an executor created in the handler), to the call site
 * that started them: the request scope tells who is creating a thread
 * ({@link RequestScope#onThreadCreated}); for a platform thread a JFR
 * {@code jdk.ThreadStart} event then names the new thread and the starting stack, a
 * virtual thread's creator is read from its own stack right away. Each
 * such thread counts as a task of its call site, executor {@value #NEW_THREAD} or
 * {@value #UNMANAGED_POOL}, from its start to its end, and is orphaned once its request
 * ended. Threads started by the application's own executors are left to those.
 */
public final class ThreadStarts {

	/** The executor name of threads started directly. */
	public static final String NEW_THREAD = "new-thread";

	/** The executor name of workers of an executor nobody tracks, such as one made per request. */
	public static final String UNMANAGED_POOL = "unmanaged-pool";

	static final int MAX_PENDING = 10_000;

	static final int MAX_PER_THREAD = 16;

	private static final long PENDING_NANOS = TimeUnit.SECONDS.toNanos(30);

	/**
	 * The JDK frames between an application frame and a thread start when the application
	 * starts the thread itself, or through an executor it calls directly.
	 */
	private static final List<String> STARTING_FRAMES = List.of("java.lang.Thread.start", "java.lang.Thread$",
			"java.lang.ThreadBuilders", "java.lang.System$", "jdk.internal.vm.SharedThreadContainer.",
			"jdk.internal.vm.ThreadContainer", "java.util.concurrent.ThreadPoolExecutor.",
			"java.util.concurrent.ScheduledThreadPoolExecutor.", "java.util.concurrent.AbstractExecutorService.",
			"java.util.concurrent.Executors$", "java.util.concurrent.ForkJoinPool.",
			"java.util.concurrent.ThreadPerTaskExecutor");

	/**
	 * leakguard's tracked executors, on the stack of a thread start they made for a task
	 * they were handed: such a creation is the task's, and no creation was noted for it.
	 */
	private static final List<String> TRACKING_FRAMES = List.of("dev.leakguard.executor.Tracking",
			"dev.leakguard.autoconfigure.Tracking");

	/** Frames between the creation hook and a virtual thread's constructor, and some spare. */
	private static final int MAX_CONSTRUCTOR_DEPTH = 16;

	private static final StackWalker WALKER = StackWalker.getInstance();

	/**
	 * The task this thread last handed to a tracked executor, while threads are counted: a
	 * thread created before that task began is the executor's own (a virtual thread per
	 * task, a pool's new worker), counted as the task already, and spared the stack walk.
	 */
	private static final ThreadLocal<@Nullable TrackedTask> HANDED_OFF = new ThreadLocal<>();

	private static volatile boolean counting;

	private final TaskRegistry registry;

	/** Creations in a scope per creating thread, oldest first: each claimed by one start event. */
	private final Map<Long, Deque<Pending>> creatingByThread = new ConcurrentHashMap<>();

	private final Map<Long, StartedThread> live = new ConcurrentHashMap<>();

	/** Tells when a virtual thread counted here ended: its mark became unreachable. */
	private final Cleaner ends = Cleaner.create((runnable) -> {
		Thread thread = new Thread(runnable, "leakguard-thread-ends");
		thread.setDaemon(true);
		return thread;
	});

	public ThreadStarts(TaskRegistry registry) {
		this.registry = registry;
		counting = true;
	}

	/** Stops noting the tasks handed to tracked executors: threads are no longer counted. */
	public static void stopCounting() {
		counting = false;
	}

	/** Called by the registry on the submitting thread for every task it wraps. */
	static void handedOff(TrackedTask task) {
		if (counting) {
			HANDED_OFF.set(task);
		}
	}

	/**
	 * Notes that the calling thread is creating a thread in the given scope; called from
	 * the new thread's constructor, on the creating thread. A platform thread is matched
	 * to its JFR start event later. A virtual thread (JFR names no creator for those) that
	 * the application starts itself, or through an executor it made, counts at once, until
	 * the garbage collector finds the returned mark, which only the new thread holds,
	 * unreachable: the thread ended.
	 * @param scope the creating thread's scope
	 * @return the mark for a new virtual thread to hold, or {@code null}
	 */
	public @Nullable Object creatingInScope(RequestScope scope) {
		TrackedTask handedOff = HANDED_OFF.get();
		if (handedOff != null) {
			HANDED_OFF.set(null);
			if (handedOff.startNanos() == 0) {
				return null; // the tracked executor starting a thread for the task it was just handed
			}
		}
		VirtualStart virtual = WALKER.walk(this::virtualStart);
		if (virtual == null) {
			notePlatformCreation(scope);
			return null;
		}
		if (virtual.callSite == null) {
			return null; // started inside a library or a tracked executor, which count it themselves
		}
		StartedThread started = this.registry.threadStarted(null, virtual.callSite,
				virtual.pool ? UNMANAGED_POOL : NEW_THREAD, scope);
		Object mark = new Object();
		this.ends.register(mark, started::untrack);
		return mark;
	}

	/**
	 * Reads the creating stack: {@code null} if the thread being created is not virtual;
	 * else where the application started it, if it did so itself.
	 */
	private @Nullable VirtualStart virtualStart(Stream<StackFrame> frames) {
		boolean virtual = false;
		boolean pool = false;
		int depth = 0;
		for (StackFrame frame : (Iterable<StackFrame>) frames::iterator) {
			String className = frame.getClassName();
			if (!virtual) {
				virtual = className.equals("java.lang.VirtualThread") && frame.getMethodName().equals("<init>");
				if (!virtual && ++depth > MAX_CONSTRUCTOR_DEPTH) {
					return null; // a platform thread: no virtual thread's constructor on top
				}
				continue;
			}
			String method = className + "." + frame.getMethodName();
			if (startsWithAny(method, STARTING_FRAMES) || className.equals("java.lang.VirtualThread")) {
				pool |= className.startsWith("java.util.concurrent.");
				continue;
			}
			boolean application = this.registry.callSites().isApplication(className);
			return new VirtualStart(application ? CallSites.format(frame) : null, pool);
		}
		return new VirtualStart(null, pool);
	}

	@SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
	private void notePlatformCreation(RequestScope scope) {
		if (this.creatingByThread.size() >= MAX_PENDING) {
			this.creatingByThread.clear(); // bounded: attribution is best effort
		}
		Deque<Pending> creations = this.creatingByThread.computeIfAbsent(Thread.currentThread().getId(),
				(tid) -> new ArrayDeque<>());
		synchronized (creations) {
			if (creations.size() == MAX_PER_THREAD) {
				creations.removeFirst();
			}
			creations.addLast(new Pending(scope, System.nanoTime()));
		}
	}

	/**
	 * A thread started.
	 * @param tid the new thread's id
	 * @param parentTid the id of the thread that started it, or -1
	 * @param stack the starting thread's stack at the start, innermost first
	 */
	public void started(long tid, long parentTid, List<String> stack) {
		if (startsWithAny(stack, TRACKING_FRAMES)) {
			return; // a tracked executor's thread for a task it was handed: no creation was noted
		}
		Pending pending = creation(parentTid);
		if (pending == null || System.nanoTime() - pending.nanos > PENDING_NANOS) {
			return; // not started inside a request
		}
		int application = this.registry.callSites().applicationFrame(stack);
		if (application < 0) {
			return;
		}
		// only what the application itself started: a thread, or an executor it called directly
		boolean pool = false;
		for (String frame : stack.subList(0, application)) {
			if (!startsWithAny(frame, STARTING_FRAMES)) {
				return; // started inside a library (an HTTP client, CompletableFuture, a tracked executor)
			}
			pool |= frame.contains(".addWorker(") || frame.startsWith("java.util.concurrent.ForkJoinPool.");
		}
		Thread thread = findPlatformThread(tid);
		if (thread == null || thread instanceof ForkJoinWorkerThread worker && worker.getPool() == ForkJoinPool.commonPool()) {
			return; // ended already, or the JDK's shared pool
		}
		StartedThread started = this.registry.threadStarted(thread, stack.get(application),
				pool ? UNMANAGED_POOL : NEW_THREAD, pending.scope);
		this.live.put(tid, started);
		if (!thread.isAlive()) {
			ended(tid);
		}
	}

	/**
	 * A thread ended.
	 * @param tid its id
	 */
	public void ended(long tid) {
		StartedThread started = this.live.remove(tid);
		if (started != null) {
			started.untrack();
		}
	}

	/**
	 * Claims the creating thread's oldest creation in a scope that no start claimed yet: a
	 * thread starts the threads it creates in the order it creates them, as a rule, and
	 * every start but a tracked executor's claims one, counted or not. Not the creation
	 * nearest the start by time: JFR's event times run ahead of the wall clock (0.3-0.8 ms
	 * measured on a fresh JVM), so by them a start could seem later than the creation of
	 * the thread the next request on the same worker made a moment after.
	 */
	private @Nullable Pending creation(long parentTid) {
		Deque<Pending> creations = this.creatingByThread.get(parentTid);
		if (creations == null) {
			return null;
		}
		synchronized (creations) {
			return creations.pollFirst();
		}
	}

	/** Drops notes of creations no start event claimed, such as those of virtual threads. */
	public void sweep() {
		long now = System.nanoTime();
		this.creatingByThread.values().removeIf((creations) -> {
			synchronized (creations) {
				creations.removeIf((pending) -> now - pending.nanos > PENDING_NANOS);
				return creations.isEmpty();
			}
		});
		this.live.forEach((tid, started) -> {
			Thread thread = started.thread();
			if (thread == null || !thread.isAlive()) {
				ended(tid); // an end event lost
			}
		});
	}

	private static boolean startsWithAny(List<String> frames, List<String> prefixes) {
		for (String frame : frames) {
			if (startsWithAny(frame, prefixes)) {
				return true;
			}
		}
		return false;
	}

	private static boolean startsWithAny(String frame, List<String> prefixes) {
		for (String prefix : prefixes) {
			if (frame.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	@SuppressWarnings("deprecation")
	private static @Nullable Thread findPlatformThread(long tid) {
		ThreadGroup root = Thread.currentThread().getThreadGroup();
		while (root.getParent() != null) {
			root = root.getParent();
		}
		Thread[] threads = new Thread[root.activeCount() + 64];
		int count = root.enumerate(threads, true);
		for (int i = 0; i < count; i++) {
			if (threads[i].getId() == tid) {
				return threads[i];
			}
		}
		return null;
	}

	private record Pending(RequestScope scope, long nanos) {
	}

	/** A virtual thread being created: where the application started it, if it did. */
	private record VirtualStart(@Nullable String callSite, boolean pool) {
	}

}
