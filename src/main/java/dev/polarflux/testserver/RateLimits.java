package dev.polarflux.testserver;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Polar's rate limits for every {@code /v1} request, per identity: the general budget of fixed
 * windows, and the zone of the customer-portal key operations, whose overrun blocks the identity's
 * every request for a while.
 */
final class RateLimits {

  private final RateWindows general;
  private final RateWindows zone;
  private final long blockMillis;
  private final Map<String, Long> blockedUntil = new HashMap<>();

  /**
   * Creates the limits; {@code general} or {@code zone} is {@code null} when off.
   *
   * @param general the general budget
   * @param zone the key-operation zone's budget
   * @param block how long a zone overrun blocks the identity
   */
  RateLimits(RateWindows general, RateWindows zone, Duration block) {
    this.general = general;
    this.zone = zone;
    this.blockMillis = block == null ? 0 : block.toMillis();
  }

  boolean isOff() {
    return general == null && zone == null;
  }

  /**
   * Counts a request; returns 0 when it may be answered, else the whole seconds (at least 1) for
   * {@code Retry-After}.
   */
  synchronized long admit(String identity, boolean zoneRequest, long nowMillis) {
    Long until = blockedUntil.get(identity);
    if (until != null) {
      if (nowMillis < until) {
        return seconds(until - nowMillis);
      }
      blockedUntil.remove(identity);
    }
    if (zoneRequest && zone != null && zone.admit(identity, nowMillis) > 0) {
      blockedUntil.put(identity, nowMillis + blockMillis);
      return seconds(blockMillis);
    }
    return general == null ? 0 : general.admit(identity, nowMillis);
  }

  private static long seconds(long millis) {
    return Math.max(1, (millis + 999) / 1000);
  }
}
