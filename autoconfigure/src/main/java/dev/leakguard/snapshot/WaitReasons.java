package dev.leakguard.snapshot;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Says what a thread waits on, the way Go's dumps do ({@code chan send},
 * {@code IO wait}): from the first JDK API frame on its stack that blocks, so the
 * JDK's own parking internals above it do not matter.
 */
public final class WaitReasons {

	public static final String QUEUE_PUT = "queue put";

	public static final String QUEUE_TAKE = "queue take";

	public static final String HAND_OFF = "synchronous hand-off";

	public static final String IDLE_WORKER = "idle pool worker";

	public static final String SOCKET_READ = "socket read";

	public static final String SLEEP = "sleep";

	public static final String FUTURE_GET = "future get";

	public static final String LOCK = "lock";

	public static final String MONITOR_ENTER = "monitor enter";

	/**
	 * Reasons that JDK classes also use inside other blocking calls (a queue's put awaits
	 * a condition, a virtual thread's socket read polls): an API call found in the JDK
	 * frames right below one of them names the wait better.
	 */
	private static final Set<String> WEAK = Set.of("condition await", LOCK, "selector", "monitor wait");

	private static final String CONCURRENT = "java.util.concurrent.";

	private static final String LOCKS = "java.util.concurrent.locks.";

	private WaitReasons() {
	}

	/**
	 * Returns why threads with the given state and stack wait.
	 * @param state the {@link Thread.State} name, or {@code UNKNOWN}
	 * @param frames the stack, innermost first, as {@code pkg.Class.method(File.java:NN)}
	 * @return the wait reason, such as {@value #QUEUE_PUT}; {@code running} for a runnable
	 * thread that waits on nothing known
	 */
	public static String of(String state, List<String> frames) {
		@Nullable String weak = null;
		for (int i = 0; i < frames.size(); i++) {
			String frame = frames.get(i);
			if (weak != null && !isJdk(frame)) {
				return weak; // no JDK API below the weak reason explains it better
			}
			int paren = frame.indexOf('(');
			int dot = frame.lastIndexOf('.', (paren < 0) ? frame.length() : paren);
			if (dot < 0) {
				continue;
			}
			String type = frame.substring(0, dot);
			String method = frame.substring(dot + 1, (paren < 0) ? frame.length() : paren);
			@Nullable String reason = reason(type, method);
			if (reason != null && WEAK.contains(reason)) {
				weak = (weak != null) ? weak : reason;
			}
			else if (reason != null) {
				return (QUEUE_TAKE.equals(reason) || isHandOffTake(reason, method)) && isPoolWorker(frames, i)
						? IDLE_WORKER : reason;
			}
		}
		if (weak != null) {
			return weak;
		}
		return switch (state) {
			case "BLOCKED" -> MONITOR_ENTER;
			case "RUNNABLE" -> "running";
			default -> (!frames.isEmpty() && frames.get(0).contains(".park")) ? "park" : "wait";
		};
	}

	/**
	 * Whether a reason means a thread waits for work by design: a pool worker, a selector,
	 * a server socket's accept.
	 * @param reason a wait reason
	 * @return {@code true} for an idle wait
	 */
	public static boolean isIdle(String reason) {
		return IDLE_WORKER.equals(reason) || "selector".equals(reason) || "socket accept".equals(reason);
	}

	private static boolean isJdk(String frame) {
		return frame.startsWith("java.") || frame.startsWith("jdk.") || frame.startsWith("sun.");
	}

	private static @Nullable String reason(String type, String method) {
		if (type.startsWith("java.lang.")) {
			return lang(type, method);
		}
		if (type.startsWith("sun.nio.ch.") || type.startsWith("java.net.")) {
			return network(type, method);
		}
		if (type.startsWith(LOCKS)) {
			return locks(type, method);
		}
		if (type.startsWith(CONCURRENT)) {
			return concurrent(type, method);
		}
		if (type.equals("java.io.FileInputStream") && method.startsWith("read")) {
			return "file read";
		}
		return null;
	}

	private static @Nullable String lang(String type, String method) {
		return switch (type) {
			case "java.lang.Thread", "java.lang.VirtualThread" -> method.startsWith("sleep") ? SLEEP
					: method.equals("join") ? "thread join" : null;
			case "java.lang.Object" -> method.startsWith("wait") ? "monitor wait" : null;
			case "java.lang.ProcessImpl", "java.lang.Process" -> method.startsWith("waitFor") ? "process wait" : null;
			default -> null;
		};
	}

	private static @Nullable String network(String type, String method) {
		if (type.endsWith("EPoll") || type.endsWith("KQueue") || type.endsWith("SelectorImpl")
				|| type.endsWith("Poller") || type.endsWith("WEPoll")) {
			return (method.contains("wait") || method.contains("poll") || method.contains("elect")) ? "selector" : null;
		}
		if (!type.contains("Socket")) {
			return null;
		}
		String lower = method.toLowerCase(Locale.ROOT);
		if (lower.contains("read") || lower.equals("receive")) {
			return SOCKET_READ;
		}
		if (lower.contains("write") || lower.equals("send")) {
			return "socket write";
		}
		if (lower.contains("accept")) {
			return "socket accept";
		}
		return lower.contains("connect") ? "socket connect" : null;
	}

	private static @Nullable String locks(String type, String method) {
		if (type.endsWith("$ConditionObject")) {
			return method.startsWith("await") ? "condition await" : null;
		}
		if (type.endsWith("ReentrantLock") || type.endsWith("$ReadLock") || type.endsWith("$WriteLock")
				|| type.endsWith("StampedLock")) {
			return (method.contains("ock") || method.startsWith("acquire")) ? LOCK : null;
		}
		return null;
	}

	private static @Nullable String concurrent(String type, String method) {
		String simple = type.substring(CONCURRENT.length());
		if (simple.equals("SynchronousQueue")) {
			return isQueueCall(method) ? HAND_OFF : null;
		}
		if (simple.endsWith("Queue") || simple.endsWith("Deque")) {
			if (method.startsWith("put") || method.startsWith("offer") || method.equals("transfer")) {
				return QUEUE_PUT;
			}
			return (method.startsWith("take") || method.startsWith("poll")) ? QUEUE_TAKE : null;
		}
		return switch (simple) {
			case "CompletableFuture", "FutureTask", "ForkJoinTask" -> (method.equals("get") || method.equals("join")
					|| method.equals("waitingGet") || method.equals("timedGet") || method.equals("awaitDone"))
							? FUTURE_GET : null;
			case "CountDownLatch" -> method.equals("await") ? "latch await" : null;
			case "CyclicBarrier" -> method.equals("await") ? "barrier await" : null;
			case "Semaphore" -> method.startsWith("acquire") ? "semaphore acquire" : null;
			case "Phaser" -> method.startsWith("await") ? "phaser await" : null;
			case "Exchanger" -> method.equals("exchange") ? "exchange" : null;
			case "ForkJoinPool" -> method.equals("awaitWork") ? IDLE_WORKER : null;
			default -> null;
		};
	}

	private static boolean isHandOffTake(String reason, String method) {
		return HAND_OFF.equals(reason) && (method.startsWith("take") || method.startsWith("poll"));
	}

	private static boolean isQueueCall(String method) {
		return method.startsWith("put") || method.startsWith("offer") || method.startsWith("take")
				|| method.startsWith("poll") || method.equals("transfer");
	}

	/** A take from a pool's own work queue: the worker waits for work, it is not stuck. */
	private static boolean isPoolWorker(List<String> frames, int take) {
		for (int i = take + 1; i < Math.min(frames.size(), take + 6); i++) {
			String frame = frames.get(i);
			if (frame.contains("ThreadPoolExecutor.getTask(")) { // the JDK's, Tomcat's
				return true;
			}
		}
		return false;
	}

}
