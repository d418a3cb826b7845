package dev.leakguard.executor;

import java.lang.StackWalker.StackFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.leakguard.scope.RequestScope;
import org.jspecify.annotations.Nullable;

/**
 * Names the place in user code that submitted a task, as
 * {@code pkg.Class.method(File.java:NN)}. A task's class is unique per lambda or class
 * site, so the name is resolved once per class and cached. Tasks whose class belongs to a
 * framework ({@code FutureTask} from {@code submit}, Spring's {@code @Async} callables,
 * {@code CompletableFuture}'s) say nothing about their submitter: they are cached per
 * request route and task class, where the scope knows its route. The first
 * {@value #LEARNING_WALKS} submits of a key walk the stack, so a handler that submits from
 * two places is seen to at once; after that, one submit in {@value #RECHECK_EVERY}, drawn at
 * random and at most one a second per key, walks again to check (a walk on a deep request
 * stack costs tens of microseconds). A key seen with two call sites walks on every submit
 * from then on. Without a route they walk every time.
 */
public final class CallSites {

	/** The call site used when no user frame is on the stack. */
	public static final String UNKNOWN = "unknown";

	static final int RECHECK_EVERY = 256;

	static final int LEARNING_WALKS = 64;

	private static final long RECHECK_INTERVAL_NANOS = 1_000_000_000L;

	private static final int MAX_ROUTE_KEYS = 4096;

	private static final String PER_SUBMIT = new String("<walk>");

	/** The JDK and leakguard itself: never a call site, whatever else the stack holds. */
	private static final List<String> RUNTIME_PREFIXES = List.of( "java.", "javax.", "jdk.", "sun.", "com.sun.",
			"dev.leakguard.scope.", "dev.leakguard.executor.", "dev.leakguard.http.", "dev.leakguard.autoconfigure.",
			"dev.leakguard.metrics.", "dev.leakguard.snapshot.", "dev.leakguard.baseline.", "dev.leakguard.endpoint.");

	private static final String[] FRAMEWORK_PREFIXES = { "jakarta.", "org.springframework.", "org.apache.catalina.",
			"org.apache.coyote.", "org.apache.tomcat.", "io.micrometer.", "reactor.", "io.netty.", "kotlin.",
			"kotlinx.", "org.junit.", "org.aopalliance.", "org.hibernate.", "com.zaxxer.hikari.", "org.apache.maven.surefire." };

	/**
	 * Returns the name meters use for a call site: {@code pkg.Class.method}, without the
	 * file and line, so a deploy that moves a line keeps the series.
	 * @param callSite the call site, as {@code pkg.Class.method(File.java:NN)}
	 * @return the call site without its location
	 */
	public static String tag(String callSite) {
		int paren = callSite.indexOf('(');
		return (paren < 0) ? callSite : callSite.substring(0, paren);
	}

	private static final StackWalker WALKER = StackWalker.getInstance();

	private final List<String> applicationPrefixes;

	private final List<String> frameworkPrefixes;

	private final ClassValue<String> byTaskClass = new ClassValue<>() {

		@Override
		protected String computeValue(Class<?> type) {
			return isApplication(type.getName()) ? walk() : PER_SUBMIT;
		}

	};

	/**
	 * Names call sites with the built-in framework prefixes and no known application
	 * packages: the first frame outside them is the call site.
	 */
	public CallSites() {
		this(List.of(), List.of());
	}

	/**
	 * Names call sites in the given application packages.
	 * @param applicationPackages the application's own packages (Boot's
	 * {@code AutoConfigurationPackages}): their frames are call sites even where a framework
	 * prefix also matches, such as {@code org.springframework.samples}
	 * @param frameworkPackages packages to skip beside the built-in ones
	 */
	public CallSites(List<String> applicationPackages, List<String> frameworkPackages) {
		this.applicationPrefixes = applicationPackages.stream().map(CallSites::prefix).toList();
		List<String> framework = new ArrayList<>(List.of(FRAMEWORK_PREFIXES));
		frameworkPackages.stream().map(CallSites::prefix).forEach(framework::add);
		this.frameworkPrefixes = List.copyOf(framework);
	}

	/** Task class, then route, to its call site: no key object per submit. */
	private final Map<Class<?>, Map<String, RouteSite>> byRoute = new ConcurrentHashMap<>();

	private final AtomicInteger routeKeys = new AtomicInteger();

	private final LongAdder walks = new LongAdder();

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
		Map<String, RouteSite> routes = this.byRoute.get(taskClass);
		RouteSite cached = (routes != null) ? routes.get(route) : null;
		if (cached == null) {
			String site = walk();
			if (this.routeKeys.get() < MAX_ROUTE_KEYS
					&& this.byRoute.computeIfAbsent(taskClass, (key) -> new ConcurrentHashMap<>())
						.putIfAbsent(route, new RouteSite(site)) == null) {
				this.routeKeys.incrementAndGet();
			}
			return site;
		}
		return cached.get();
	}

	/**
	 * Walks the current stack to the first application frame; where there is none, to
	 * the first frame outside the JDK and leakguard, the framework method that submitted
	 * the task. Never {@link #UNKNOWN} while such a frame exists.
	 * @return the call site
	 */
	String walk() {
		this.walks.increment();
		return WALKER.walk((frames) -> {
			StackFrame notFramework = null;
			StackFrame notRuntime = null;
			for (StackFrame frame : (Iterable<StackFrame>) frames::iterator) {
				String className = frame.getClassName();
				if (startsWithAny(className, RUNTIME_PREFIXES) || className.contains("$$SpringCGLIB$$")) {
					continue;
				}
				if (inApplicationPackage(className)) {
					return format(frame);
				}
				notRuntime = (notRuntime != null) ? notRuntime : frame;
				if (notFramework == null && !startsWithAny(className, this.frameworkPrefixes)) {
					if (this.applicationPrefixes.isEmpty()) {
						return format(frame);
					}
					notFramework = frame;
				}
			}
			StackFrame best = (notFramework != null) ? notFramework : notRuntime;
			return (best != null) ? format(best) : UNKNOWN;
		});
	}

	/**
	 * Returns how many stack walks named a call site so far, for tests.
	 * @return the walk count
	 */
	long walks() {
		return this.walks.sum();
	}

	/**
	 * Finds where application code sits on a captured stack: the first frame in an
	 * application package, or else the first outside the JDK, leakguard and every framework.
	 * @param frames the stack, innermost first, as {@code pkg.Class.method(File.java:NN)}
	 * @return the frame's index, or {@code -1} if every frame is the JDK's or a framework's
	 */
	public int applicationFrame(List<String> frames) {
		int notFramework = -1;
		for (int i = 0; i < frames.size(); i++) {
			String frame = frames.get(i);
			int paren = frame.indexOf('(');
			int dot = frame.lastIndexOf('.', (paren < 0) ? frame.length() : paren);
			String className = (dot < 0) ? frame : frame.substring(0, dot);
			if (startsWithAny(className, RUNTIME_PREFIXES) || className.contains("$$SpringCGLIB$$")) {
				continue;
			}
			if (inApplicationPackage(className)) {
				return i;
			}
			if (notFramework < 0 && !startsWithAny(className, this.frameworkPrefixes)) {
				if (this.applicationPrefixes.isEmpty()) {
					return i;
				}
				notFramework = i;
			}
		}
		return notFramework;
	}

	/**
	 * Whether a class names its submitter by itself: the application's own, under one of
	 * its packages or else outside the JDK, leakguard and every framework prefix.
	 */
	boolean isApplication(String className) {
		if (startsWithAny(className, RUNTIME_PREFIXES) || className.contains("$$SpringCGLIB$$")) {
			return false;
		}
		return inApplicationPackage(className) || !startsWithAny(className, this.frameworkPrefixes);
	}

	private boolean inApplicationPackage(String className) {
		return startsWithAny(className, this.applicationPrefixes);
	}

	private static boolean startsWithAny(String className, List<String> prefixes) {
		for (String prefix : prefixes) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static String prefix(String packageName) {
		String trimmed = packageName.trim();
		return trimmed.endsWith(".") ? trimmed : trimmed + ".";
	}

	static String format(StackFrame frame) {
		String file = frame.getFileName();
		int line = frame.getLineNumber();
		String location = (file == null) ? "Unknown Source" : (line >= 0) ? file + ":" + line : file;
		return frame.getClassName() + "." + frame.getMethodName() + "(" + location + ")";
	}

	/**
	 * The call site one route submits one framework task class from, learned over the
	 * first submits and re-checked now and then; {@code null} once two call sites were seen.
	 */
	private final class RouteSite {

		private volatile @Nullable String site;

		/** Submits left that walk to learn; written without care for lost updates. */
		private int learning = LEARNING_WALKS - 1;

		private volatile long checkedAt = System.nanoTime();

		RouteSite(String site) {
			this.site = site;
		}

		String get() {
			String site = this.site;
			if (site == null) {
				return walk();
			}
			if (this.learning > 0) {
				this.learning--;
				return check(site);
			}
			// one submit in RECHECK_EVERY, drawn per thread: no field every core writes to
			if (ThreadLocalRandom.current().nextInt(RECHECK_EVERY) != 0) {
				return site;
			}
			long now = System.nanoTime();
			if (now - this.checkedAt < RECHECK_INTERVAL_NANOS) {
				return site;
			}
			this.checkedAt = now;
			return check(site);
		}

		private String check(String site) {
			String walked = walk();
			if (!walked.equals(site)) {
				this.site = null;
			}
			return walked;
		}

	}

}
