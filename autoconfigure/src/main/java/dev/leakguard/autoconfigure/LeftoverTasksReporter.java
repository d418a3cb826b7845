package dev.leakguard.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.leakguard.executor.TaskRegistry;
import dev.leakguard.executor.TaskRegistry.Leftover;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * When the application closes, before executors wait for their tasks, reports the tasks
 * still running that nothing will stop (their request ended, or they never had one) as
 * one warning, grouped by call site with a stack each, the way Tomcat reports a web
 * application that "appears to have started a thread but has failed to stop it"; then
 * interrupts them, so that shutdown does not wait for them until its timeout.
 */
final class LeftoverTasksReporter implements ApplicationListener<ContextClosedEvent> {

	private static final Log logger = LogFactory.getLog(LeftoverTasksReporter.class);

	private static final int MAX_FRAMES = 12;

	private final TaskRegistry tasks;

	LeftoverTasksReporter(TaskRegistry tasks) {
		this.tasks = tasks;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		List<Leftover> leftovers = this.tasks.stopLeftovers();
		if (!leftovers.isEmpty() && logger.isWarnEnabled()) {
			logger.warn(report(leftovers));
		}
	}

	static String report(List<Leftover> leftovers) {
		Map<String, List<Leftover>> bySite = new LinkedHashMap<>();
		leftovers.forEach((leftover) -> bySite.computeIfAbsent(leftover.callSite() + " on " + leftover.executor(),
				(key) -> new java.util.ArrayList<>()).add(leftover));
		StringBuilder text = new StringBuilder("The application started ").append(leftovers.size())
			.append(" task(s) that were still running when it closed; leakguard interrupted them so that shutdown "
					+ "does not wait for them. This is very likely a leak:");
		bySite.forEach((site, group) -> {
			text.append("\n  ").append(group.size()).append(" started at ").append(site);
			Leftover first = group.get(0);
			if (first.thread() != null) {
				text.append(", for example on thread \"").append(first.thread().getName()).append('"');
			}
			int frames = Math.min(MAX_FRAMES, first.stack().size());
			for (int i = 0; i < frames; i++) {
				text.append("\n      at ").append(first.stack().get(i));
			}
			if (first.stack().size() > frames) {
				text.append("\n      ...");
			}
		});
		return text.toString();
	}

}
