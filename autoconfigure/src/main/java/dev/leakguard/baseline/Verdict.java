package dev.leakguard.baseline;

import java.util.List;

/**
 * The analyzer's overall reading.
 *
 * @param status the worst status of any series
 * @param baseline the platform thread floor over the window
 * @param rising the series whose floor climbs
 * @param spiking the series above their floor without a climbing floor
 * @param detail one sentence for humans
 */
public record Verdict(Status status, long baseline, List<String> rising, List<String> spiking, String detail) {
}
