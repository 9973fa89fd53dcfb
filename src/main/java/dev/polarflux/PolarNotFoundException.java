package dev.polarflux;

/**
 * Polar answered 404. For a listing: the base URL does not serve it, or the {@code Polar-Version}
 * header names a version the server does not support. For a single-key operation: the key or
 * activation does not exist in that scope, or — for {@code validate} — the key is not valid
 * (revoked or disabled, expired, conditions or benefit or customer not matching); {@link #detail()}
 * carries Polar's reason, such as {@code "License key has expired."}.
 */
public final class PolarNotFoundException extends PolarNonTransientException {

  private static final long serialVersionUID = 1L;

  /** Polar's detail. */
  private final String detail;

  PolarNotFoundException(String message, int page, String detail) {
    super(message, page, 404, null);
    this.detail = detail;
  }

  /**
   * Returns Polar's {@code detail}.
   *
   * @return the detail, or {@code null}
   */
  public String detail() {
    return detail;
  }
}
