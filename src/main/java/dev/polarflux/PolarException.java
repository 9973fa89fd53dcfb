package dev.polarflux;

import dev.polarflux.internal.client.Errors;

/**
 * The base of every error polarflux signals. Each error names the page it happened on (so a
 * consumer can resume there with {@link LicenseKeyFlux#fromPage(int)}), how many attempts were made
 * for that page, and whether a retry may help. No message ever carries a token.
 *
 * <p>Two branches split the hierarchy: {@link PolarTransientException} (rate limited, server
 * trouble, connection failures, timeouts: a later attempt may succeed, and the built-in retry
 * policy retries them) and {@link PolarNonTransientException} (authentication, validation, an
 * undecodable body: repeating the request changes nothing).
 */
public abstract sealed class PolarException extends RuntimeException
    permits PolarTransientException, PolarNonTransientException {

  private static final long serialVersionUID = 1L;

  static {
    // The client's machinery makes errors through this, and only this, implementation.
    Errors.install(new ExceptionAccess());
  }

  /** The page the error happened on. */
  private final int page;

  /** The HTTP status, 0 without a response. */
  private final int status;

  /** How many attempts were made. */
  private volatile int attempts = 1;

  /** Whether the failed request surely never reached Polar whole. */
  private volatile boolean unsent;

  PolarException(String message, int page, int status, Throwable cause) {
    super(message, cause);
    this.page = page;
    this.status = status;
  }

  /**
   * Returns the page the error happened on.
   *
   * @return the page number, {@code 0} for an error that belongs to no single page
   */
  public int page() {
    return page;
  }

  /**
   * Returns the HTTP status of the response that caused the error.
   *
   * @return the status, or {@code 0} when no response was received
   */
  public int status() {
    return status;
  }

  /**
   * Returns how many times the page was requested before the error surfaced: {@code 1} when the
   * error was not retried, {@code 1 + retries} when retries ran out.
   *
   * @return the number of attempts, at least 1
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Tells whether a later attempt may succeed.
   *
   * @return {@code true} for a {@link PolarTransientException}
   */
  public abstract boolean isRetryable();

  void attempts(int attempts) {
    this.attempts = attempts;
  }

  /**
   * Tells whether the request surely never reached Polar: no connection was made, or it closed
   * before the request was written whole, or the request was never sent. A request that changes
   * state is retried only then (or after a 429).
   *
   * @return {@code true} when Polar cannot have acted on the request
   */
  public boolean unsent() {
    return unsent;
  }

  void markUnsent() {
    unsent = true;
  }

  @Override
  public String getMessage() {
    String message = super.getMessage();
    int n = attempts;
    return n > 1 ? message + " (after " + n + " attempts)" : message;
  }
}
