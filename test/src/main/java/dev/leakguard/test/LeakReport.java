package dev.leakguard.test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.leakguard.executor.RunningTask;
import dev.leakguard.snapshot.Creator;
import dev.leakguard.snapshot.StackGroup;
import dev.leakguard.snapshot.StackGroups;

/**
 * The failure message of a check: leaked threads grouped by identical stack as
 * {@code /actuator/leaks} groups them, each with its wait reason, stack and creator, then
 * the tracked tasks still running, by call site.
 */
final class LeakReport {

	static final int MAX_FRAMES = 24;

	private LeakReport() {
	}

	static String format(String what, LeakCheck.Leaks leaks, Duration timeout) {
		StringBuilder text = new StringBuilder();
		text.append(what)
			.append(" leaked ")
			.append(count(leaks.threads().size(), "thread"))
			.append(" and ")
			.append(count(leaks.tasks().size(), "task"))
			.append(", still there ")
			.append(timeout.toMillis())
			.append(" ms after it ended:\n");
		for (StackGroup group : StackGroups.of(leaks.threads(), leaks.origins())) {
			text.append('\n').append(group.count()).append(" @ ").append(group.state());
			if (group.virtual()) {
				text.append(" (virtual)");
			}
			text.append(" [").append(group.waitReason()).append("]\n");
			List<String> frames = group.frames();
			for (int i = 0; i < Math.min(frames.size(), MAX_FRAMES); i++) {
				text.append('\t').append(escape(frames.get(i))).append('\n');
			}
			if (frames.size() > MAX_FRAMES) {
				text.append("\t... ").append(frames.size() - MAX_FRAMES).append(" more frames\n");
			}
			for (Creator creator : group.createdBy()) {
				text.append("\tcreated by ").append(escape(creator.callSite()));
				if (creator.executor() != null) {
					text.append(" on ").append(escape(creator.executor()));
				}
				if (creator.route() != null) {
					text.append(" for ").append(escape(creator.route()));
				}
				text.append('\n');
			}
			if (!group.threadNames().isEmpty()) {
				text.append("\t# ").append(escape(String.join(", ", group.threadNames()))).append('\n');
			}
		}
		if (!leaks.tasks().isEmpty()) {
			text.append("\ntasks still running:\n");
			Map<String, Integer> bySite = new LinkedHashMap<>();
			for (RunningTask task : leaks.tasks()) {
				String line = escape(task.callSite()) + " on " + escape(task.executor())
						+ ((task.route() != null) ? " for " + escape(task.route()) : "")
						+ (task.periodic() ? " (periodic, never cancelled)" : "");
				bySite.merge(line, 1, Integer::sum);
			}
			bySite.forEach((line, count) -> text.append('\t').append(count).append(" @ ").append(line).append('\n'));
		}
		return text.toString();
	}

	private static String count(int count, String noun) {
		return count + " " + noun + ((count == 1) ? "" : "s");
	}

	/** No name or frame can start a line of its own or hide what follows. */
	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c)) {
				escaped.append(String.format("\\u%04x", (int) c));
			}
			else {
				escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
