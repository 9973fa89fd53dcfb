package dev.polarflux.internal.client;

import dev.polarflux.PolarException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What one request attempt tells the code that times it while it runs: when the request goes out
 * (the response timeout starts then, not while the request waits for a pooled connection), whether
 * it was written whole, and which error its status already decided should its body not arrive in
 * time.
 *
 * <pre>
 * subscribe ── token ── wait for a connection ── sending ── written ── status ── body ── done
 *                       (pool limit, connect      │                     │
 *                        timeout)                 └─ response timeout ──┴──────────┘
 * </pre>
 */
public final class Exchange {

  private final Sinks.Empty<Void> sending = Sinks.empty();
  private volatile boolean started;
  private volatile boolean reusedConnection;
  private volatile boolean written;
  private volatile PolarException answered;
  private volatile String token;

  /**
   * The request is about to be written.
   *
   * @param reusedConnection whether its connection served an earlier request
   */
  public void sending(boolean reusedConnection) {
    this.reusedConnection = reusedConnection;
    started = true;
    sending.tryEmitEmpty();
  }

  /** The whole request was written to the connection. */
  public void written() {
    written = true;
  }

  /** The status decided the outcome: {@code error}, whatever the body that follows. */
  void answered(PolarException error) {
    answered = error;
  }

  /** The token the request carries, kept only to redact it from what a failure quotes. */
  void token(String token) {
    this.token = token;
  }

  /** The token the request carries, or {@code null}. */
  String token() {
    return token;
  }

  /** Completes when the request is about to be written. */
  Mono<Void> whenSending() {
    return sending.asMono();
  }

  /** Whether the whole request was written: from then on, the server may have acted on it. */
  boolean writtenWhole() {
    return written;
  }

  /** Whether the request got a connection and began to be written. */
  boolean started() {
    return started;
  }

  /**
   * Whether {@code failure} is the connection closing before this request was written whole, on a
   * connection that had served earlier requests: the server cannot have acted on the request, and
   * the pool most likely handed out a connection the server had closed while it was idle.
   */
  boolean unwrittenOnReusedConnection(Throwable failure) {
    return started && reusedConnection && !written && failure instanceof IOException;
  }

  /** The error a response timeout stands for: the status's error once the status is known. */
  Throwable timedOut(Throwable timeout) {
    PolarException e = answered;
    return e != null && timeout instanceof TimeoutException ? e : timeout;
  }
}
