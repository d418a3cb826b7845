package dev.leakguard.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.leakguard.snapshot.ThreadSample;

/**
 * What a leak check waits for and what it ignores, like goleak's options: threads alive
 * before the check are always ignored ({@code IgnoreCurrent}); beyond those, threads by
 * name, by top frame, by any frame, and tasks by call site. The built-in ignores cover the
 * JVM, JUnit and Surefire, and the threads a shared Spring test context starts on demand
 * (server workers, client selectors); the carrier threads of virtual threads are never
 * counted.
 */
public final class LeakOptions {

	/** How long a check waits, in all, for threads and tasks to end. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private static final List<Pattern> BUILT_IN_NAMES = List.of(
			// the JVM and JDK services started on first use
			Pattern.compile("Attach Listener|Common-Cleaner|Signal Dispatcher|Notification Thread|Reference Handler"
					+ "|Finalizer|process reaper.*|Keep-Alive-Timer|Keep-Alive-SocketCleaner|JFR .*|Java2D .*"
					+ "|VirtualThread-unparker|VirtualThread-unblocker|ForkJoinPool\\.commonPool-.*"
					+ "|HttpClient-\\d+-SelectorManager|HttpClient-\\d+-Worker-\\d+|InnocuousThread-.*"),
			// JUnit, Surefire, Awaitility
			Pattern.compile("surefire-forkedjvm-.*|junit-.*|awaitility-.*"),
			// a shared Spring test context and its server, started on demand
			Pattern.compile("http-nio-.*|https-jsse-nio-.*|Catalina-utility-.*|container-\\d+|reactor-http-.*"
					+ "|parallel-\\d+|boundedElastic-.*|single-\\d+|tomcat-handler-\\d+|leakguard-.*"
					+ "|SpringApplicationShutdownHook|background-preinit|RMI .*|idle-connection-evictor.*"));

	private final Duration timeout;

	private final List<Pattern> threadNames;

	private final List<String> topFrames;

	private final List<String> anyFrames;

	private final List<String> callSites;

	private LeakOptions(Duration timeout, List<Pattern> threadNames, List<String> topFrames, List<String> anyFrames,
			List<String> callSites) {
		this.timeout = timeout;
		this.threadNames = List.copyOf(threadNames);
		this.topFrames = List.copyOf(topFrames);
		this.anyFrames = List.copyOf(anyFrames);
		this.callSites = List.copyOf(callSites);
	}

	/**
	 * Returns the defaults: wait up to {@link #DEFAULT_TIMEOUT}, built-in ignores only.
	 * @return the default options
	 */
	public static LeakOptions defaults() {
		// the JDK's own system threads (VirtualThread-unblocker, Common-Cleaner, ...) run as InnocuousThread
		return new LeakOptions(DEFAULT_TIMEOUT, BUILT_IN_NAMES, List.of(), List.of("jdk.internal.misc.InnocuousThread.run"),
				List.of());
	}

	/**
	 * Waits this long, in all, before a check fails.
	 * @param timeout the time threads and tasks get to end
	 * @return new options
	 */
	public LeakOptions timeout(Duration timeout) {
		return new LeakOptions(timeout, this.threadNames, this.topFrames, this.anyFrames, this.callSites);
	}

	/**
	 * Ignores threads whose whole name matches.
	 * @param regex a regular expression
	 * @return new options
	 */
	public LeakOptions ignoreThreadName(String regex) {
		return new LeakOptions(this.timeout, plus(this.threadNames, Pattern.compile(regex)), this.topFrames,
				this.anyFrames, this.callSites);
	}

	/**
	 * Ignores threads whose innermost frame starts with this, such as
	 * {@code com.example.Poller.poll}.
	 * @param prefix a frame prefix, {@code pkg.Class.method}
	 * @return new options
	 */
	public LeakOptions ignoreTopFrame(String prefix) {
		return new LeakOptions(this.timeout, this.threadNames, plus(this.topFrames, prefix), this.anyFrames,
				this.callSites);
	}

	/**
	 * Ignores threads with any frame starting with this.
	 * @param prefix a frame prefix, {@code pkg.Class.method}
	 * @return new options
	 */
	public LeakOptions ignoreAnyFrame(String prefix) {
		return new LeakOptions(this.timeout, this.threadNames, this.topFrames, plus(this.anyFrames, prefix),
				this.callSites);
	}

	/**
	 * Ignores tasks, and the threads running them, submitted from a call site starting
	 * with this.
	 * @param prefix a call site prefix, {@code pkg.Class.method}
	 * @return new options
	 */
	public LeakOptions ignoreCallSite(String prefix) {
		return new LeakOptions(this.timeout, this.threadNames, this.topFrames, this.anyFrames,
				plus(this.callSites, prefix));
	}

	Duration timeout() {
		return this.timeout;
	}

	boolean ignores(ThreadSample thread) {
		for (Pattern name : this.threadNames) {
			if (name.matcher(thread.name()).matches()) {
				return true;
			}
		}
		List<String> frames = thread.frames();
		if (!frames.isEmpty() && startsWithAny(frames.get(0), this.topFrames)) {
			return true;
		}
		for (String frame : frames) {
			if (startsWithAny(frame, this.anyFrames)) {
				return true;
			}
		}
		return false;
	}

	boolean ignoresCallSite(String callSite) {
		return startsWithAny(callSite, this.callSites);
	}

	private static boolean startsWithAny(String text, List<String> prefixes) {
		for (String prefix : prefixes) {
			if (text.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private static <T> List<T> plus(List<T> list, T element) {
		List<T> copy = new ArrayList<>(list);
		copy.add(element);
		return copy;
	}

}
