package dev.polarflux.testserver;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The one implementation of {@link Fault}: what to do instead of, or to, the normal answer.
 *
 * @param action how the fault changes the answer
 * @param kind the kind reported by {@link Fault#kind()}
 * @param status the replacing status, for {@link Action#REPLACE}
 * @param contentType the replacing content type, for {@link Action#REPLACE}; nullable (no header)
 * @param body the replacing body, for {@link Action#REPLACE}
 * @param retryAfter the {@code retry-after} header, for {@link Action#REPLACE}; nullable
 * @param duration the wait, for {@link Action#DELAY} and (per chunk) {@link Action#SLOW_BODY}
 * @param parts the body divisor for {@link Action#PARTIAL_BODY}, the chunk count for {@link
 *     Action#SLOW_BODY}
 */
record InjectedFault(
    Action action,
    String kind,
    int status,
    String contentType,
    byte[] body,
    String retryAfter,
    Duration duration,
    int parts)
    implements Fault {

  /** How a fault changes the answer. */
  enum Action {
    REPLACE,
    DELAY,
    RESET_BEFORE_HEADERS,
    PARTIAL_BODY,
    SLOW_BODY,
    RESET_AFTER_PROCESSING
  }

  /** Whether the request is still processed: its operation runs, its state change happens. */
  boolean processes() {
    return action != Action.REPLACE && action != Action.RESET_BEFORE_HEADERS;
  }

  static InjectedFault status(int status, String retryAfter) {
    requireStatus(status);
    String json = "{\"detail\":\"" + reasonPhrase(status) + "\"}";
    return new InjectedFault(
        Action.REPLACE,
        "status-" + status,
        status,
        "application/json",
        json.getBytes(StandardCharsets.UTF_8),
        retryAfter,
        Duration.ZERO,
        0);
  }

  static InjectedFault replace(String kind, int status, String contentType, String body) {
    return new InjectedFault(
        Action.REPLACE,
        kind,
        status,
        contentType,
        body.getBytes(StandardCharsets.UTF_8),
        null,
        Duration.ZERO,
        0);
  }

  static void requireStatus(int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be between 200 and 599, was: " + status);
    }
  }

  static String reasonPhrase(int status) {
    return HttpResponseStatus.valueOf(status).reasonPhrase();
  }

  static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  static Duration requireNotNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was: " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "Fault[" + kind + "]";
  }
}
