package dev.polarflux;

import java.time.Duration;

/**
 * The deadline of a whole listing ({@link PolarClient#deadline(Duration)}) ran out. Nothing more is
 * requested for the listing; repeating the page cannot bring the deadline back, so this error is
 * never retried. It names the page that was pending, where a new listing can resume with {@link
 * LicenseKeyFlux#fromPage(int)}.
 */
public final class PolarDeadlineException extends PolarNonTransientException {

  private static final long serialVersionUID = 1L;

  /** The deadline that ran out. */
  private final Duration deadline;

  PolarDeadlineException(String message, int page, Duration deadline) {
    super(message, page, 0, null);
    this.deadline = deadline;
  }

  /**
   * Returns the deadline that ran out.
   *
   * @return the configured deadline
   */
  public Duration deadline() {
    return deadline;
  }
}
