/**
 * Thread snapshots as pprof profiles, for {@code go tool pprof}.
 */
@NullMarked
package dev.leakguard.pprof;

import org.jspecify.annotations.NullMarked;
