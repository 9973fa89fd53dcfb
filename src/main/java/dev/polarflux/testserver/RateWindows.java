package dev.polarflux.testserver;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Polar's rate limiter: at most {@code limit} requests per identity in each fixed window, the
 * windows aligned to the epoch; a request over the limit is refused until its window ends.
 */
final class RateWindows {

  private final int limit;
  private final long windowMillis;
  private final Map<String, long[]> windows = new HashMap<>();

  RateWindows(int limit, Duration window) {
    this.limit = limit;
    this.windowMillis = window.toMillis();
  }

  /**
   * Counts a request of {@code identity} at {@code nowMillis}; returns 0 when it is within the
   * limit, else the whole seconds (at least 1) until its window ends, for {@code Retry-After}.
   */
  synchronized long admit(String identity, long nowMillis) {
    long index = Math.floorDiv(nowMillis, windowMillis);
    long[] w = windows.computeIfAbsent(identity, k -> new long[] {index, 0});
    if (w[0] != index) {
      w[0] = index;
      w[1] = 0;
    }
    if (w[1] < limit) {
      w[1]++;
      return 0;
    }
    long remaining = (index + 1) * windowMillis - nowMillis;
    return Math.max(1, (remaining + 999) / 1000);
  }
}
