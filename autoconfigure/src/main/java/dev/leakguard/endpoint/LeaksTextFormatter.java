package dev.leakguard.endpoint;

import dev.leakguard.endpoint.LeaksEndpoint.CreatorDescriptor;
import dev.leakguard.endpoint.LeaksEndpoint.DrainedDescriptor;
import dev.leakguard.endpoint.LeaksEndpoint.GroupDescriptor;
import dev.leakguard.endpoint.LeaksEndpoint.LeaksDescriptor;
import dev.leakguard.endpoint.LeaksEndpoint.ProvenDescriptor;
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
		if (report.stale()) {
			text.append("stale: taken ").append(report.ageSeconds()).append("s ago; a new dump is running\n");
		}
		text.append("verdict: ")
			.append(report.verdict().status())
			.append(" (baseline ")
			.append(report.verdict().baseline())
			.append("): ")
			.append(Escape.text(report.verdict().detail()))
			.append("\n\n");
		if (report.provenEnabled()) {
			text.append("proven leaks (virtual threads the garbage collector collected while parked):");
			text.append(report.proven().isEmpty() ? " none\n\n" : "\n");
			for (ProvenDescriptor leak : report.proven()) {
				text.append(leak.count()).append(" @ ").append(Escape.text(leak.callSite()));
				if (leak.route() != null) {
					text.append(" for ").append(Escape.text(leak.route()));
				}
				text.append(" (first ").append(leak.firstSeen()).append(", last ").append(leak.lastSeen()).append(")\n");
				for (String frame : leak.frames()) {
					text.append('\t').append(Escape.text(frame)).append('\n');
				}
				text.append('\n');
			}
		}
		for (GroupDescriptor group : report.groups()) {
			text.append(group.count()).append(" @ ").append(group.state());
			if (group.virtual()) {
				text.append(" (virtual)");
			}
			text.append(" [").append(group.trend()).append("] [").append(group.waitReason());
			if (group.stuckForSeconds() != null) {
				text.append(", stuck ").append(group.stuckForSeconds()).append('s');
			}
			text.append("]\n");
			for (String frame : group.frames()) {
				text.append('\t').append(Escape.text(frame)).append('\n');
			}
			for (CreatorDescriptor creator : group.createdBy()) {
				text.append("\tcreated by ").append(Escape.text(creator.callSite()));
				if (creator.executor() != null) {
					text.append(" on ").append(Escape.text(creator.executor()));
				}
				if (creator.route() != null) {
					text.append(" for ").append(Escape.text(creator.route()));
				}
				text.append(" (")
					.append(creator.count())
					.append((creator.count() == 1) ? " thread)\n" : " threads)\n");
			}
			if (!group.threadNames().isEmpty()) {
				text.append("\t# ");
				for (int i = 0; i < group.threadNames().size(); i++) {
					text.append((i > 0) ? ", " : "").append(Escape.text(group.threadNames().get(i)));
				}
				text.append('\n');
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
					.append(Escape.text(task.callSite()))
					.append(" on ")
					.append(Escape.text(task.executor()));
				if (task.route() != null) {
					text.append(" for ").append(Escape.text(task.route()));
				}
				text.append('\n');
			}
		}
		if (!report.drained().isEmpty()) {
			text.append("drained:\n");
			for (DrainedDescriptor site : report.drained()) {
				text.append("\t0 left at ")
					.append(Escape.text(site.callSite()))
					.append(" since ")
					.append(site.drainedAt())
					.append(", after ")
					.append(site.heldSeconds())
					.append("s suspected (peak ")
					.append(site.peak())
					.append(")\n");
			}
		}
		return text.toString();
	}

}
