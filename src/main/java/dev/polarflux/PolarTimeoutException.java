package dev.polarflux;

import java.time.Duration;

/**
 * A time limit of one attempt ran out: connecting ({@link Kind#CONNECT}) or receiving the response
 * ({@link Kind#RESPONSE}). A later attempt may succeed, so the built-in policy retries it. The
 * deadline of a whole listing is a {@link PolarDeadlineException}, which is never retried.
 */
public final class PolarTimeoutException extends PolarTransientException {

  private static final long serialVersionUID = 1L;

  /** Which limit ran out. */
  public enum Kind {
    /** Getting a connection: establishing one, or waiting for one of the pool to become free. */
    CONNECT,
    /** Receiving one whole response, headers and body, once the request was sent. */
    RESPONSE
  }

  /** Which limit ran out. */
  private final Kind kind;

  /** The limit that ran out. */
  private final Duration limit;

  PolarTimeoutException(String message, int page, Kind kind, Duration limit, Throwable cause) {
    super(message, page, 0, cause);
    this.kind = kind;
    this.limit = limit;
  }

  /**
   * Returns which limit ran out.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the limit that ran out.
   *
   * @return the limit, or {@code null} when it is not known (a connect timeout set elsewhere)
   */
  public Duration limit() {
    return limit;
  }
}
