package dev.polarflux;

/**
 * Polar answered 401: no credentials, the wrong kind of token ({@link #errorCode()} {@code
 * Unauthorized}), or a bad, expired or revoked token ({@code invalid_token}). Customer sessions
 * expire after an hour: supply tokens with {@link PolarClient#token(reactor.core.publisher.Mono)}
 * to refresh them.
 */
public final class PolarUnauthorizedException extends PolarNonTransientException {

  private static final long serialVersionUID = 1L;

  /** Polar's error code. */
  private final String errorCode;

  /** Polar's description. */
  private final String description;

  PolarUnauthorizedException(String message, int page, String errorCode, String description) {
    super(message, page, 401, null);
    this.errorCode = errorCode;
    this.description = description;
  }

  /**
   * Returns Polar's error code.
   *
   * @return {@code Unauthorized}, {@code invalid_token}, or {@code null} when the body had none
   */
  public String errorCode() {
    return errorCode;
  }

  /**
   * Returns Polar's description of the error ({@code detail} or {@code error_description}).
   *
   * @return the description, or {@code null}
   */
  public String description() {
    return description;
  }
}
