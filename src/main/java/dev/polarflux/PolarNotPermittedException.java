package dev.polarflux;

/**
 * Polar answered 403. For a single-key operation ({@code NotPermitted}): the operation is refused
 * for the key as it is — an activation when the key's activation limit is reached, the key is not
 * granted, has expired, or does not support activations; {@link #detail()} carries Polar's reason,
 * and repeating the request changes nothing until the key changes (a deactivation frees a slot).
 * For a listing: the token may not read it.
 */
public final class PolarNotPermittedException extends PolarNonTransientException {

  private static final long serialVersionUID = 1L;

  /** Polar's detail. */
  private final String detail;

  PolarNotPermittedException(String message, int page, String detail) {
    super(message, page, 403, null);
    this.detail = detail;
  }

  /**
   * Returns Polar's {@code detail}, such as {@code "License key activation limit already reached"}.
   *
   * @return the detail, or {@code null}
   */
  public String detail() {
    return detail;
  }
}
