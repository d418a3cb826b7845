package dev.leakguard.snapshot;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Reads the JSON thread dump of {@code HotSpotDiagnosticMXBean.dumpThreads} in one pass,
 * handing over each element of every {@code "threads"} array as it is read instead of
 * building the whole document: a dump of 100,000 threads never sits in memory at once.
 */
final class ThreadDumpJsonReader {

	private final Reader in;

	private final Consumer<Map<String, Object>> threadSink;

	private int next = -2;

	private ThreadDumpJsonReader(Reader in, Consumer<Map<String, Object>> threadSink) {
		this.in = in;
		this.threadSink = threadSink;
	}

	static void read(Reader in, Consumer<Map<String, Object>> threadSink) throws IOException {
		new ThreadDumpJsonReader(in, threadSink).value(null);
	}

	private @Nullable Object value(@Nullable String key) throws IOException {
		int c = peekNonSpace();
		switch (c) {
			case '{':
				return object();
			case '[':
				if ("threads".equals(key)) {
					streamThreads();
					return null;
				}
				return array();
			case '"':
				return string();
			case -1:
				throw new IOException("Unexpected end of thread dump");
			default:
				return literal();
		}
	}

	@SuppressWarnings("unchecked")
	private void streamThreads() throws IOException {
		expect('[');
		if (peekNonSpace() == ']') {
			read();
			return;
		}
		do {
			Object thread = value(null);
			if (thread instanceof Map<?, ?> map) {
				this.threadSink.accept((Map<String, Object>) map);
			}
		}
		while (separator(']'));
	}

	private Map<String, Object> object() throws IOException {
		expect('{');
		Map<String, Object> object = new LinkedHashMap<>();
		if (peekNonSpace() == '}') {
			read();
			return object;
		}
		do {
			peekNonSpace();
			String key = string();
			expectAfterSpace(':');
			Object value = value(key);
			if (value != null) {
				object.put(key, value);
			}
		}
		while (separator('}'));
		return object;
	}

	private List<Object> array() throws IOException {
		expect('[');
		List<Object> array = new ArrayList<>();
		if (peekNonSpace() == ']') {
			read();
			return array;
		}
		do {
			Object value = value(null);
			if (value != null) {
				array.add(value);
			}
		}
		while (separator(']'));
		return array;
	}

	private String string() throws IOException {
		expect('"');
		StringBuilder text = new StringBuilder();
		for (int c = read(); c != '"'; c = read()) {
			if (c == -1) {
				throw new IOException("Unterminated string in thread dump");
			}
			if (c == '\\') {
				int escaped = read();
				switch (escaped) {
					case 'n' -> text.append('\n');
					case 't' -> text.append('\t');
					case 'r' -> text.append('\r');
					case 'b' -> text.append('\b');
					case 'f' -> text.append('\f');
					case 'u' -> text.append((char) Integer.parseInt(new String(new char[] { (char) read(), (char) read(),
							(char) read(), (char) read() }), 16));
					default -> text.append((char) escaped);
				}
			}
			else {
				text.append((char) c);
			}
		}
		return text.toString();
	}

	private @Nullable Object literal() throws IOException {
		StringBuilder text = new StringBuilder();
		while (true) {
			int c = peek();
			if (c == -1 || c == ',' || c == '}' || c == ']' || Character.isWhitespace(c)) {
				break;
			}
			text.append((char) read());
		}
		return switch (text.toString()) {
			case "true" -> Boolean.TRUE;
			case "false" -> Boolean.FALSE;
			case "null" -> null;
			case "" -> throw new IOException("Unexpected character '" + (char) peek() + "' in thread dump");
			default -> text.toString();
		};
	}

	private boolean separator(char close) throws IOException {
		int c = peekNonSpace();
		read();
		if (c == ',') {
			return true;
		}
		if (c == close) {
			return false;
		}
		throw new IOException("Expected ',' or '" + close + "' in thread dump but found '" + (char) c + "'");
	}

	private void expectAfterSpace(char expected) throws IOException {
		peekNonSpace();
		expect(expected);
	}

	private void expect(char expected) throws IOException {
		int c = read();
		if (c != expected) {
			throw new IOException("Expected '" + expected + "' in thread dump but found '" + (char) c + "'");
		}
	}

	private int peekNonSpace() throws IOException {
		while (Character.isWhitespace(peek())) {
			read();
		}
		return peek();
	}

	private int peek() throws IOException {
		if (this.next == -2) {
			this.next = this.in.read();
		}
		return this.next;
	}

	private int read() throws IOException {
		int c = peek();
		this.next = -2;
		return c;
	}

}
