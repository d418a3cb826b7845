package dev.leakguard.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * Stack frames in one form, {@code pkg.Class.method(File.java:NN)}, whichever dump they
 * came from.
 */
public final class Frames {

	private Frames() {
	}

	public static String format(StackTraceElement element) {
		String location;
		if (element.isNativeMethod()) {
			location = "Native Method";
		}
		else if (element.getFileName() == null) {
			location = "Unknown Source";
		}
		else if (element.getLineNumber() >= 0) {
			location = element.getFileName() + ":" + element.getLineNumber();
		}
		else {
			location = element.getFileName();
		}
		return element.getClassName() + "." + element.getMethodName() + "(" + location + ")";
	}

	/**
	 * Formats the innermost frames of a stack.
	 * @param stack the stack, innermost first
	 * @param max how many frames to keep
	 * @return at most {@code max} frames, innermost first
	 */
	public static List<String> format(StackTraceElement[] stack, int max) {
		List<String> frames = new ArrayList<>(Math.min(stack.length, max));
		for (int i = 0; i < Math.min(stack.length, max); i++) {
			frames.add(format(stack[i]));
		}
		return frames;
	}

	/**
	 * Drops the class loader and module prefix of a {@link StackTraceElement#toString()}
	 * form, such as {@code java.base/} or {@code app//}; hidden classes keep their
	 * {@code /0x...} suffix.
	 * @param frame the frame as printed by the JVM
	 * @return the frame without prefix
	 */
	static String stripPrefix(String frame) {
		int paren = frame.indexOf('(');
		int end = (paren < 0) ? frame.length() : paren;
		int slash = frame.lastIndexOf('/', end);
		while (slash >= 0 && frame.startsWith("0x", slash + 1)) {
			slash = frame.lastIndexOf('/', slash - 1);
		}
		return (slash < 0) ? frame : frame.substring(slash + 1);
	}

}
