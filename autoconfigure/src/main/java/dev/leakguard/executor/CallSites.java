package dev.leakguard.executor;

import java.lang.StackWalker.StackFrame;

/**
 * Names the place in user code that submitted a task, as
 * {@code pkg.Class.method(File.java:NN)}. A task's class is unique per lambda or class
 * site, so the name is resolved once per class and cached; only tasks whose class belongs
 * to a framework (Spring's {@code @Async} callables, {@code FutureTask}) are resolved by a
 * stack walk on every submit.
 */
public final class CallSites {

	/** The call site used when no user frame is on the stack. */
	public static final String UNKNOWN = "unknown";

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

	/**
	 * Returns the call site that is submitting the given task on this thread.
	 * @param task the task being submitted
	 * @return the call site
	 */
	public String of(Object task) {
		String site = this.byTaskClass.get(task.getClass());
		return (site == PER_SUBMIT) ? walk() : site;
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

}
