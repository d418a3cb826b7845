package dev.leakguard.baseline;

/**
 * What a series of counts looks like over the window.
 */
public enum Status {

	/** Near its floor. */
	OK,

	/** Well above its floor, but the floor itself is not climbing: load, not a leak. */
	SPIKE,

	/** The floor climbs: each trough in the window is higher than the one before. */
	RISING_BASELINE

}
