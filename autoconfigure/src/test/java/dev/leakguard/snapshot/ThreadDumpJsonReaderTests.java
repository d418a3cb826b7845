package dev.leakguard.snapshot;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class ThreadDumpJsonReaderTests {

	@Test
	void streamsEveryThreadOfEveryContainer() throws IOException {
		String dump = """
				{"threadDump": {"processId": "1", "threadContainers": [
				  {"container": "<root>", "parent": null, "threads": [
				    {"tid": "1", "name": "main", "state": "RUNNABLE",
				     "stack": ["java.base\\/java.lang.Thread.sleep(Native Method)", "app\\/\\/com.example.Main.main(Main.java:3)"]},
				    {"tid": "7", "virtual": true, "name": "", "state": "WAITING", "parkBlocker": {"object": "x"},
				     "stack": []}
				  ], "threadCount": "2"},
				  {"container": "pool", "parent": "<root>", "threads": [], "threadCount": "0"},
				  {"container": "fj", "parent": "<root>", "threads": [
				    {"tid": "9", "name": "quote\\"d \\u00e9", "state": "TIMED_WAITING", "stack": ["a.B.c(B.java:1)"],
				     "monitorsOwned": [{"depth": 0, "locks": ["a.B@1"]}]}
				  ]}
				]}}
				""";
		List<Map<String, Object>> threads = new ArrayList<>();
		ThreadDumpJsonReader.read(new StringReader(dump), threads::add);
		assertThat(threads).extracting((thread) -> thread.get("tid")).containsExactly("1", "7", "9");
		assertThat(threads.get(0).get("stack")).isEqualTo(
				List.of("java.base/java.lang.Thread.sleep(Native Method)", "app//com.example.Main.main(Main.java:3)"));
		assertThat(threads.get(1).get("virtual")).isEqualTo(Boolean.TRUE);
		assertThat(threads.get(2).get("name")).isEqualTo("quote\"d é");
	}

	@Test
	void truncatedDumpIsAnError() {
		assertThatIOException()
			.isThrownBy(() -> ThreadDumpJsonReader.read(new StringReader("{\"threads\": [{\"tid\": \"1\""), (t) -> {
			}));
	}

	@Test
	void framesLoseTheirModuleAndLoaderPrefix() {
		assertThat(Frames.stripPrefix("java.base/java.lang.Thread.sleep(Native Method)"))
			.isEqualTo("java.lang.Thread.sleep(Native Method)");
		assertThat(Frames.stripPrefix("app//com.example.Main.main(Main.java:3)"))
			.isEqualTo("com.example.Main.main(Main.java:3)");
		assertThat(Frames.stripPrefix("app//com.example.Main$$Lambda/0x000001.run(Unknown Source)"))
			.isEqualTo("com.example.Main$$Lambda/0x000001.run(Unknown Source)");
		assertThat(Frames.stripPrefix("com.example.Main.main(Main.java:3)"))
			.isEqualTo("com.example.Main.main(Main.java:3)");
	}

}
