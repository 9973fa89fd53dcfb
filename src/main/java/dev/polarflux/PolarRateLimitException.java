package dev.polarflux;

import java.time.Duration;

/** Polar answered 429. {@link #retryAfter()} says how long it asked the client to wait. */
public final class PolarRateLimitException extends PolarTransientException {

  private static final long serialVersionUID = 1L;

  /** The wait Retry-After asked for. */
  private final Duration retryAfter;

  PolarRateLimitException(String message, int page, Duration retryAfter) {
    super(message, page, 429, null);
    this.retryAfter = retryAfter;
  }

  /**
   * Returns the wait the {@code Retry-After} header asked for.
   *
   * @return the wait, or {@code null} when the header was absent or unreadable
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
