package dev.leakguard.pprof;

/**
 * A frame of the form {@code pkg.Class.method(File.java:NN)} taken apart for pprof: the
 * function, the source file as a path under a source root ({@code pkg/File.java}, so
 * {@code -source_path=src/main/java} finds it), and the line.
 *
 * @param function {@code pkg.Class.method}
 * @param file the source path, empty for native or unknown sources
 * @param line the line, 0 if unknown
 */
record ParsedFrame(String function, String file, long line) {

	static ParsedFrame parse(String frame) {
		int open = frame.indexOf('(');
		if (open < 0 || !frame.endsWith(")")) {
			return new ParsedFrame(frame, "", 0);
		}
		String function = frame.substring(0, open);
		String location = frame.substring(open + 1, frame.length() - 1);
		int colon = location.lastIndexOf(':');
		String file = (colon < 0) ? location : location.substring(0, colon);
		long line = (colon < 0) ? 0 : parseLine(location.substring(colon + 1));
		if (file.equals("Native Method") || file.equals("Unknown Source") || file.isEmpty()) {
			return new ParsedFrame(function, "", line);
		}
		return new ParsedFrame(function, packagePath(function) + file, line);
	}

	private static String packagePath(String function) {
		int method = function.lastIndexOf('.');
		int type = (method < 0) ? -1 : function.lastIndexOf('.', method - 1);
		return (type < 0) ? "" : function.substring(0, type).replace('.', '/') + "/";
	}

	private static long parseLine(String text) {
		try {
			return Math.max(0, Long.parseLong(text));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
