package dev.leakguard.endpoint;

import org.jspecify.annotations.Nullable;

/**
 * Makes text from threads and callers safe to print: no control character, line break or
 * terminal escape survives, so a thread name cannot start a line of its own, forge a
 * group or a verdict, or drive a terminal. Backslashes are doubled, so the escaped form is
 * unambiguous.
 */
final class Escape {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private Escape() {
	}

	/**
	 * Escapes control characters, line and paragraph separators, and backslashes.
	 * @param text the text
	 * @return the escaped text
	 */
	static String text(@Nullable String text) {
		if (text == null) {
			return "null";
		}
		int first = 0;
		while (first < text.length() && !needsEscape(text.charAt(first))) {
			first++;
		}
		if (first == text.length()) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
		for (int i = first; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				default -> {
					if (needsEscape(c)) {
						escaped.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
							.append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	/**
	 * Escapes a value echoed back to a caller, cut to {@code maxLength} characters first.
	 * @param text the caller's value
	 * @param maxLength the longest part echoed
	 * @return the escaped, bounded value
	 */
	static String bounded(@Nullable String text, int maxLength) {
		if (text != null && text.length() > maxLength) {
			return text(text.substring(0, maxLength)) + "…";
		}
		return text(text);
	}

	private static boolean needsEscape(char c) {
		return c < 0x20 || c == '\\' || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
	}

}
