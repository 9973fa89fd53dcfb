package dev.polarflux;

/**
 * The connection failed: refused, reset, or closed before the whole response arrived (a truncated
 * body included).
 */
public final class PolarConnectionException extends PolarTransientException {

  private static final long serialVersionUID = 1L;

  PolarConnectionException(String message, int page, Throwable cause) {
    super(message, page, 0, cause);
  }
}
