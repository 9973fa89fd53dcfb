package dev.polarflux;

/**
 * polarflux could not make the request for a page: the token supplier ({@link
 * PolarClient#token(reactor.core.publisher.Mono)}) failed, completed empty or supplied a value that
 * cannot be sent in a header, or the client was closed. The cause, when there is one, is the
 * supplier's own error. Nothing reached Polar, and the same request would fail the same way, so
 * this error is never retried; a supplier that can fail transiently should retry on its own.
 */
public final class PolarRequestException extends PolarNonTransientException {

  private static final long serialVersionUID = 1L;

  PolarRequestException(String message, int page, Throwable cause) {
    super(message, page, 0, cause);
  }
}
