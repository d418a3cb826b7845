package dev.leakguard.it;

import tools.jackson.databind.JsonNode;

/**
 * Reading {@code /actuator/leaks} JSON in tests.
 */
final class LeaksReports {

	private LeaksReports() {
	}

	/**
	 * Returns the first stack group with a frame containing the given text.
	 * @param report the endpoint's JSON, or a diff against a baseline
	 * @param frame part of a frame
	 * @return the group
	 * @throws AssertionError if there is none, with the groups there are
	 */
	static JsonNode group(JsonNode report, String frame) {
		return report.path("groups")
			.valueStream()
			.filter((g) -> g.path("frames").toString().contains(frame))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No group with " + frame + " in " + report.path("groups")));
	}

}
