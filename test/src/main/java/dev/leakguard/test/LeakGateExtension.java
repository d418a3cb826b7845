package dev.leakguard.test;

import java.lang.reflect.AnnotatedElement;
import java.time.Duration;
import java.util.Optional;

import dev.leakguard.executor.TaskRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs a {@link LeakCheck} around each test annotated, directly or through its class,
 * with {@link VerifyNoLeaks}.
 */
final class LeakGateExtension implements BeforeEachCallback, AfterEachCallback {

	private static final Namespace NAMESPACE = Namespace.create(LeakGateExtension.class);

	private static final boolean SPRING_TEST_PRESENT = isPresent("org.springframework.test.context.junit.jupiter.SpringExtension");

	@Override
	public void beforeEach(ExtensionContext context) {
		VerifyNoLeaks settings = settings(context);
		LeakCheck check = LeakCheck.start(options(settings), tasks(context));
		context.getStore(NAMESPACE).put(LeakCheck.class, check);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		LeakCheck check = context.getStore(NAMESPACE).remove(LeakCheck.class, LeakCheck.class);
		if (check != null) {
			check.assertNoLeaks(context.getRequiredTestClass().getSimpleName() + "."
					+ context.getRequiredTestMethod().getName() + "()");
		}
	}

	private static VerifyNoLeaks settings(ExtensionContext context) {
		Optional<VerifyNoLeaks> onMethod = find(context.getRequiredTestMethod());
		if (onMethod.isPresent()) {
			return onMethod.get();
		}
		for (Class<?> type = context.getRequiredTestClass(); type != null; type = type.getEnclosingClass()) {
			Optional<VerifyNoLeaks> onClass = find(type);
			if (onClass.isPresent()) {
				return onClass.get();
			}
		}
		throw new IllegalStateException("LeakGateExtension runs only with @VerifyNoLeaks");
	}

	private static Optional<VerifyNoLeaks> find(AnnotatedElement element) {
		return AnnotationSupport.findAnnotation(element, VerifyNoLeaks.class);
	}

	static LeakOptions options(VerifyNoLeaks settings) {
		LeakOptions options = LeakOptions.defaults().timeout(Duration.ofMillis(settings.timeoutMillis()));
		for (String name : settings.ignoreThreadNames()) {
			options = options.ignoreThreadName(name);
		}
		for (String frame : settings.ignoreTopFrames()) {
			options = options.ignoreTopFrame(frame);
		}
		for (String frame : settings.ignoreAnyFrames()) {
			options = options.ignoreAnyFrame(frame);
		}
		for (String callSite : settings.ignoreCallSites()) {
			options = options.ignoreCallSite(callSite);
		}
		return options;
	}

	private static @Nullable TaskRegistry tasks(ExtensionContext context) {
		return SPRING_TEST_PRESENT ? SpringTasks.find(context) : null;
	}

	private static boolean isPresent(String className) {
		try {
			Class.forName(className, false, LeakGateExtension.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return false;
		}
	}

}
