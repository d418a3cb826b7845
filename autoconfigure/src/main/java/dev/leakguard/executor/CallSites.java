package dev.leakguard.executor;

import java.lang.StackWalker.StackFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

/**
 * Names the place in user code that submitted a task, as
 * {@code pkg.Class.method(File.java:NN)}. A task's class is unique per lambda or class
 * site, so the name is resolved once per class and cached. Tasks whose class belongs to a
 * framework ({@code FutureTask} from {@code submit}, Spring's {@code @Async} callables,
 * {@code CompletableFuture}'s) say nothing about their submitter: they are cached per
 * request route and task class, where the scope knows its route, and every
 * {@value #RECHECK_EVERY}th submit walks the stack again to check; a key seen with two
 * call sites walks on every submit from then on. Without a route they walk every time.
 */
public final class CallSites {

	/** The call site used when no user frame is on the stack. */
	public static final String UNKNOWN = "unknown";

	static final int RECHECK_EVERY = 256;

	private static final int MAX_ROUTE_KEYS = 4096;

	private static final String PER_SUBMIT = new String("<walk>");

	private static final String[] FRAMEWORK_PREFIXES = { "java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.",
			"org.springframework.", "org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.",
			"io.micrometer.", "reactor.", "io.netty.", "kotlin.", "kotlinx.", "org.junit.", "org.aopalliance.",
			"dev.leakguard.scope.", "dev.leakguard.executor.", "dev.leakguard.http.", "dev.leakguard.autoconfigure.",
			"dev.leakguard.metrics.", "dev.leakguard.snapshot.", "dev.leakguard.baseline.", "dev.leakguard.endpoint." };

	private static final StackWalker WALKER = StackWalker.getInstance();

	private final ClassValue<String> byTaskClass = new ClassValue<>() {

		@Override
		protected String computeValue(Class<?> type) {
			return isFramework(type.getName()) ? PER_SUBMIT : walk();
		}

	};

	private final Map<RouteKey, RouteSite> byRoute = new ConcurrentHashMap<>();

	/**
	 * Returns the call site that is submitting the given task on this thread.
	 * @param task the task being submitted
	 * @return the call site
	 */
	public String of(Object task) {
		String site = this.byTaskClass.get(task.getClass());
		return (site == PER_SUBMIT) ? ofFrameworkTask(task.getClass()) : site;
	}

	private String ofFrameworkTask(Class<?> taskClass) {
		RequestScope scope = RequestScope.current();
		String route = (scope != null) ? scope.route() : null;
		if (route == null) {
			return walk();
		}
		RouteKey key = new RouteKey(route, taskClass);
		RouteSite cached = this.byRoute.get(key);
		if (cached == null) {
			String site = walk();
			if (this.byRoute.size() < MAX_ROUTE_KEYS) {
				this.byRoute.putIfAbsent(key, new RouteSite(site));
			}
			return site;
		}
		return cached.get();
	}

	/**
	 * Walks the current stack to the first frame outside frameworks and leakguard.
	 * @return the call site
	 */
	public static String walk() {
		return WALKER.walk((frames) -> frames.filter((frame) -> !isFramework(frame.getClassName()))
			.findFirst()
			.map(CallSites::format)
			.orElse(UNKNOWN));
	}

	static boolean isFramework(String className) {
		if (className.contains("$$SpringCGLIB$$")) {
			return true;
		}
		for (String prefix : FRAMEWORK_PREFIXES) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static String format(StackFrame frame) {
		String file = frame.getFileName();
		int line = frame.getLineNumber();
		String location = (file == null) ? "Unknown Source" : (line >= 0) ? file + ":" + line : file;
		return frame.getClassName() + "." + frame.getMethodName() + "(" + location + ")";
	}

	private record RouteKey(String route, Class<?> taskClass) {
	}

	/**
	 * The call site one route submits one framework task class from, re-checked now and
	 * then; {@code null} once two call sites were seen.
	 */
	private static final class RouteSite {

		private volatile @Nullable String site;

		private int uses; // racy on purpose: it only spaces out the re-checks

		RouteSite(String site) {
			this.site = site;
		}

		String get() {
			String site = this.site;
			if (site == null) {
				return walk();
			}
			if (++this.uses % RECHECK_EVERY != 0) {
				return site;
			}
			String walked = walk();
			if (!walked.equals(site)) {
				this.site = null;
			}
			return walked;
		}

	}

}
