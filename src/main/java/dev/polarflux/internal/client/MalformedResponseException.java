package dev.polarflux.internal.client;

import dev.polarflux.PolarConnectionException;

/**
 * The server's bytes could not be parsed as an HTTP response (a header section over Netty's limit,
 * a status that is not a number, conflicting {@code Content-Length}s). Raised by the transport in
 * place of the HTTP decoder's own exception, whose message may quote what the server sent, and
 * mapped to a {@link PolarConnectionException} by {@link ExceptionFactory}.
 */
public final class MalformedResponseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  MalformedResponseException(String problem) {
    super(problem, null, false, false);
  }

  /** What was wrong, already free of anything shaped like a token. */
  String problem() {
    return getMessage();
  }
}
