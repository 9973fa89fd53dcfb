package dev.polarflux;

/**
 * An error a later attempt may not repeat: rate limiting, server trouble, a failed or broken
 * connection, a timeout. The built-in retry policy retries these for the page they happened on.
 */
public abstract sealed class PolarTransientException extends PolarException
    permits PolarRateLimitException,
        PolarServerException,
        PolarConnectionException,
        PolarTimeoutException {

  private static final long serialVersionUID = 1L;

  PolarTransientException(String message, int page, int status, Throwable cause) {
    super(message, page, status, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
