package dev.leakguard.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.leakguard.executor.RunningTask;
import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.snapshot.ThreadDumper;
import dev.leakguard.snapshot.ThreadOrigin;
import dev.leakguard.snapshot.ThreadSample;
import dev.leakguard.snapshot.WaitReasons;
import org.jspecify.annotations.Nullable;

/**
 * One leak check: what lived when it started is ignored; what started since and is still
 * there when it ends is a leak, once the threads and tasks had their time to end.
 */
public final class LeakCheck {

	private static final Duration FIRST_PAUSE = Duration.ofMillis(10);

	private static final Duration MAX_PAUSE = Duration.ofMillis(200);

	private final LeakOptions options;

	private final @Nullable TaskRegistry tasks;

	private final ThreadDumper dumper = ThreadDumper.best(null);

	private final Set<Long> threadsBefore = new HashSet<>();

	private final Set<Object> tasksBefore = new HashSet<>();

	/** Thread names without their number, of the threads alive before: the pools that existed. */
	private final Set<String> poolsBefore = new HashSet<>();

	private LeakCheck(LeakOptions options, @Nullable TaskRegistry tasks) {
		this.options = options;
		this.tasks = tasks;
		this.dumper.dump((thread) -> {
			this.threadsBefore.add(thread.tid());
			this.poolsBefore.add(pool(thread.name()));
		});
		this.threadsBefore.add(Threads.currentId());
		if (tasks != null) {
			tasks.rememberWorkerThreads();
			tasks.runningTasks().forEach((task) -> this.tasksBefore.add(task.id()));
		}
	}

	/**
	 * Starts a check now: threads and tasks alive now are never reported.
	 * @param options what to wait for and ignore
	 * @param tasks leakguard's task registry, to report tasks by call site, or {@code null}
	 * @return the check
	 */
	public static LeakCheck start(LeakOptions options, @Nullable TaskRegistry tasks) {
		return new LeakCheck(options, tasks);
	}

	/**
	 * Fails if threads or tasks started since the check began are still there once the
	 * options' timeout has passed, retrying with backoff until then.
	 * @param what names what started them in the failure message, such as a test
	 * @throws AssertionError listing what leaked
	 */
	public void assertNoLeaks(String what) {
		Leaks leaks = await();
		if (!leaks.isEmpty()) {
			throw new AssertionError(LeakReport.format(what, leaks, this.options.timeout()));
		}
	}

	/**
	 * Waits up to the timeout for everything started since the check began to end.
	 * @return what is left, empty if nothing
	 */
	Leaks await() {
		long deadline = System.nanoTime() + this.options.timeout().toNanos();
		long pause = FIRST_PAUSE.toNanos();
		while (true) {
			Leaks leaks = find();
			long left = deadline - System.nanoTime();
			if (leaks.isEmpty() || left <= 0) {
				return leaks;
			}
			try {
				Thread.sleep(Duration.ofNanos(Math.min(pause, left)).toMillis() + 1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return leaks;
			}
			pause = Math.min(pause * 2, MAX_PAUSE.toNanos());
		}
	}

	private Leaks find() {
		Map<Long, ThreadOrigin> origins = (this.tasks != null) ? this.tasks.runningThreads() : Map.of();
		// the application's own executors keep idle workers between tests: only pools nobody tracks leak them
		Set<Long> appWorkers = (this.tasks != null) ? this.tasks.workerThreads() : Set.of();
		List<RunningTask> tasks = new ArrayList<>();
		Set<Long> runningLeakedTasks = new HashSet<>();
		if (this.tasks != null) {
			for (RunningTask task : this.tasks.runningTasks()) {
				if (!this.tasksBefore.contains(task.id()) && !this.options.ignoresCallSite(task.callSite())) {
					tasks.add(task);
					Thread thread = task.thread();
					if (thread != null) {
						runningLeakedTasks.add(Threads.id(thread));
					}
				}
			}
		}
		Set<Long> carriers = Threads.carrierIds();
		List<ThreadSample> all = new ArrayList<>();
		this.dumper.dump(all::add);
		// the pools of the application: those whose threads ran its tracked tasks, and those that existed before
		Set<String> appPools = new HashSet<>(this.poolsBefore);
		for (ThreadSample thread : all) {
			if (appWorkers.contains(thread.tid())) {
				appPools.add(pool(thread.name()));
			}
		}
		List<ThreadSample> threads = new ArrayList<>();
		for (ThreadSample thread : all) {
			if (runningLeakedTasks.contains(thread.tid())) {
				threads.add(thread); // an older pool thread, running a task this test left
				continue;
			}
			if (this.threadsBefore.contains(thread.tid()) || carriers.contains(thread.tid())
					|| this.options.ignores(thread)) {
				continue;
			}
			// an idle worker of one of the application's pools (a bean's pool starting one more worker) is not
			// a leak; a pool the test made is new, and its idle workers are
			if (appPools.contains(pool(thread.name()))
					&& WaitReasons.isIdle(WaitReasons.of(thread.state(), thread.frames()))) {
				continue;
			}
			ThreadOrigin origin = origins.get(thread.tid());
			if (origin == null || !this.options.ignoresCallSite(origin.callSite())) {
				threads.add(thread);
			}
		}
		return new Leaks(threads, origins, tasks);
	}

	/** {@code pool-6-thread-2} is of pool {@code pool-6-thread-}: the name without its trailing number. */
	static String pool(String threadName) {
		int end = threadName.length();
		while (end > 0 && Character.isDigit(threadName.charAt(end - 1))) {
			end--;
		}
		return (end == threadName.length()) ? threadName + "#" : threadName.substring(0, end);
	}

	/**
	 * What a check found left.
	 *
	 * @param threads threads started since the check began, still alive
	 * @param origins who submitted the tasks those threads run, where known
	 * @param tasks tracked tasks started since the check began, still running
	 */
	record Leaks(List<ThreadSample> threads, Map<Long, ThreadOrigin> origins, List<RunningTask> tasks) {

		boolean isEmpty() {
			return this.threads.isEmpty() && this.tasks.isEmpty();
		}

	}

}
