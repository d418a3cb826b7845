package dev.leakguard.snapshot;

/**
 * How a stack group's count moved against the snapshots taken earlier in the window.
 */
public enum Trend {

	/** Not seen in any earlier snapshot of the window. */
	NEW,

	/** Within the range seen earlier in the window. */
	STABLE,

	/** Above every count seen earlier in the window. */
	RISING,

	/** Below every count seen earlier in the window. */
	FALLING

}
