package dev.polarflux;

import java.time.Duration;

/** Polar, or a proxy in front of it, answered 5xx. */
public final class PolarServerException extends PolarTransientException {

  private static final long serialVersionUID = 1L;

  /** The wait Retry-After asked for. */
  private final Duration retryAfter;

  PolarServerException(String message, int page, int status, Duration retryAfter) {
    super(message, page, status, null);
    this.retryAfter = retryAfter;
  }

  /**
   * Returns the wait a {@code Retry-After} header asked for, as 503 responses may carry one.
   *
   * @return the wait, or {@code null}
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
