package dev.polarflux.internal;

/** A response body that is well-formed JSON but not the shape Polar's schema declares. */
public final class DecodeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  DecodeException(String message) {
    super(message, null, false, false);
  }
}
