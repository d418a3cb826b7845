package dev.leakguard.support;

import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.ObjectName;

/**
 * Live instances per class in this JVM, from the JVM's own class histogram (the
 * {@code GC.class_histogram} diagnostic command, which collects garbage first).
 */
public final class ClassHistogram {

	private final String text;

	private ClassHistogram(String text) {
		this.text = text;
	}

	public static ClassHistogram take() {
		try {
			Object text = ManagementFactory.getPlatformMBeanServer()
				.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
						new Object[] { new String[0] }, new String[] { String[].class.getName() });
			return new ClassHistogram((String) text);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Returns the live instances of one class.
	 * @param className the binary class name, {@code a.b.Outer$Inner}
	 * @return the count, 0 if none is live
	 */
	public long instances(String className) {
		Matcher matcher = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+" + Pattern.quote(className) + "(\\s|$)",
				Pattern.MULTILINE)
			.matcher(this.text);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

}
