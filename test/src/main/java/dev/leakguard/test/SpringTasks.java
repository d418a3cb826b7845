package dev.leakguard.test;

import java.util.Arrays;

import dev.leakguard.executor.TaskRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Finds leakguard's task registry in the application context of a Spring test; only
 * loaded when spring-test is on the class path.
 */
final class SpringTasks {

	private SpringTasks() {
	}

	static @Nullable TaskRegistry find(ExtensionContext context) {
		if (!isSpringTest(context.getRequiredTestClass())) {
			return null; // asking SpringExtension would build a context for a plain test
		}
		ApplicationContext application = SpringExtension.getApplicationContext(context);
		return application.getBeanProvider(TaskRegistry.class).getIfAvailable();
	}

	private static boolean isSpringTest(Class<?> testClass) {
		for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
			boolean spring = AnnotationSupport.findRepeatableAnnotations(type, ExtendWith.class)
				.stream()
				.anyMatch((extendWith) -> Arrays.asList(extendWith.value()).contains(SpringExtension.class));
			if (spring) {
				return true;
			}
		}
		return false;
	}

}
