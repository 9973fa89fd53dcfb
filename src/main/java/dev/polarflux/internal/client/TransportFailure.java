package dev.polarflux.internal.client;

import java.io.IOException;

/**
 * A request attempt that failed inside the transport, classified there: the transport turns the
 * failures of its HTTP library into this type, so that the code above it, {@link ExceptionFactory}
 * included, never sees a Netty or Reactor Netty type. The library's exception is the cause.
 */
public final class TransportFailure extends IOException {

  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  enum Kind {
    /** The connection could not be made in time. */
    CONNECT_TIMEOUT,
    /** No data arrived in time on an open connection. */
    READ_TIMEOUT,
    /** The connection closed before the request was sent. */
    NOT_SENT,
    /** The connection closed before the response was complete. */
    CLOSED_EARLY
  }

  private final Kind kind;

  TransportFailure(Kind kind, Throwable cause) {
    super(kind.name(), cause);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }
}
