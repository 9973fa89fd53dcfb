package dev.polarflux;

import java.time.Duration;

/**
 * Receives what happens to each page request, for metrics, logging or progress. Every method has
 * an empty default; implementations must be thread-safe and quick, since they run on the threads
 * that deliver responses.
 */
public interface PolarListener {

  /** A listener that ignores everything. */
  PolarListener NONE = new PolarListener() {};

  /**
   * A page arrived and decoded.
   *
   * @param page the page number
   * @param items how many keys it holds
   * @param attempts how many requests it took, at least 1
   * @param latency the time of the successful attempt
   */
  default void pageFetched(int page, int items, int attempts, Duration latency) {}

  /**
   * An attempt for a page failed and will be retried after {@code delay}.
   *
   * @param page the page number
   * @param attempt the attempt that failed, starting at 1
   * @param error what failed
   * @param delay how long the client waits before the next attempt
   */
  default void retrying(int page, int attempt, PolarException error, Duration delay) {}

  /**
   * A page failed for good; the listing ends with {@code error}.
   *
   * @param page the page number
   * @param error the error the subscriber receives
   */
  default void pageFailed(int page, Throwable error) {}
}
