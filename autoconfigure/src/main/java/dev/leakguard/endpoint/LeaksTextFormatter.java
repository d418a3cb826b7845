package dev.leakguard.endpoint;

import dev.leakguard.endpoint.LeaksEndpoint.GroupDescriptor;
import dev.leakguard.endpoint.LeaksEndpoint.LeaksDescriptor;
import dev.leakguard.endpoint.LeaksEndpoint.TaskDescriptor;
import dev.leakguard.endpoint.LeaksEndpoint.ThreadsDescriptor;

/**
 * Formats the report like Go's {@code goroutine?debug=1}: one block per group,
 * {@code N @ state} then one frame a line.
 */
final class LeaksTextFormatter {

	private LeaksTextFormatter() {
	}

	static String format(LeaksDescriptor report) {
		StringBuilder text = new StringBuilder();
		ThreadsDescriptor threads = report.threads();
		text.append("threads: platform=")
			.append(threads.platform())
			.append(" virtual=")
			.append((threads.virtual() != null) ? threads.virtual() : "n/a")
			.append(" daemon=")
			.append(threads.daemon())
			.append(" peak=")
			.append(threads.peak())
			.append('\n');
		text.append("verdict: ")
			.append(report.verdict().status())
			.append(" (baseline ")
			.append(report.verdict().baseline())
			.append("): ")
			.append(report.verdict().detail())
			.append("\n\n");
		for (GroupDescriptor group : report.groups()) {
			text.append(group.count()).append(" @ ").append(group.state());
			if (group.virtual()) {
				text.append(" (virtual)");
			}
			text.append(" [").append(group.trend()).append("]\n");
			for (String frame : group.frames()) {
				text.append('\t').append(frame).append('\n');
			}
			if (!group.threadNames().isEmpty()) {
				text.append("\t# ").append(String.join(", ", group.threadNames())).append('\n');
			}
			text.append('\n');
		}
		if (!report.tasks().isEmpty()) {
			text.append("tasks:\n");
			for (TaskDescriptor task : report.tasks()) {
				text.append('\t')
					.append(task.active())
					.append(" active, ")
					.append(task.orphaned())
					.append(" orphaned, oldest ")
					.append(task.oldestAgeSeconds())
					.append("s @ ")
					.append(task.callSite())
					.append(" on ")
					.append(task.executor())
					.append('\n');
			}
		}
		return text.toString();
	}

}
