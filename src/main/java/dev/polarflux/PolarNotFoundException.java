package dev.polarflux;

/**
 * Polar answered 404: the base URL does not serve this operation, or the {@code Polar-Version}
 * header names a version the server does not support.
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
