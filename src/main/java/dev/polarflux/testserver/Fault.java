package dev.polarflux.testserver;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure that {@link PolarTestServer} injects in place of, or into, a normal answer. Queue
 * faults on the server's {@link FaultPlan}.
 *
 * <p>Faults that deliver "the normal answer" ({@link #delay}, {@link #slowBody}, {@link
 * #truncatedBody}, {@link #resetAfterHeaders}) deliver whatever the server would have answered to
 * that request, a 401 or 422 included, and like {@link #resetAfterProcessing} they let the request
 * take effect; the others replace the answer entirely and the request changes nothing.
 */
public sealed interface Fault permits InjectedFault {

  /**
   * Answers with a status and a small JSON body {@code {"detail":"<reason phrase>"}}, as a proxy or
   * an overloaded server does.
   *
   * @param status the status, between 200 and 599 (typically 500, 502, 503 or 504)
   * @return the fault, of kind {@code "status-<status>"}
   */
  static Fault status(int status) {
    return InjectedFault.status(status, null);
  }

  /**
   * Answers like {@link #status(int)} and adds a {@code retry-after} header.
   *
   * @param status the status, between 200 and 599
   * @param retryAfter the header value: seconds ({@code "2"}) or an HTTP-date; not blank
   * @return the fault, of kind {@code "status-<status>"}
   */
  static Fault status(int status, String retryAfter) {
    return InjectedFault.status(status, InjectedFault.requireText(retryAfter, "retryAfter"));
  }

  /**
   * Answers 429 with an empty body and a {@code retry-after} header, exactly as Polar's rate
   * limiter does.
   *
   * @param retryAfter the header value: seconds ({@code "60"}) or an HTTP-date; not blank
   * @return the fault, of kind {@code "rate-limited"}
   */
  static Fault rateLimited(String retryAfter) {
    return new InjectedFault(
        InjectedFault.Action.REPLACE,
        "rate-limited",
        429,
        null,
        new byte[0],
        InjectedFault.requireText(retryAfter, "retryAfter"),
        Duration.ZERO,
        0);
  }

  /**
   * Answers with a {@code text/html} error page such as a reverse proxy produces. With 200 it
   * simulates a captive portal or a misrouted request: a success status with a body that is not
   * JSON.
   *
   * @param status the status, between 200 and 599
   * @return the fault, of kind {@code "html-<status>"}
   */
  static Fault htmlError(int status) {
    InjectedFault.requireStatus(status);
    String title = status + " " + InjectedFault.reasonPhrase(status);
    String page =
        "<html>\r\n<head><title>"
            + title
            + "</title></head>\r\n<body>\r\n<center><h1>"
            + title
            + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    return InjectedFault.replace("html-" + status, status, "text/html", page);
  }

  /**
   * Waits, then answers normally. The wait runs on a Reactor timer, it blocks no thread.
   *
   * @param delay how long to wait; not negative
   * @return the fault, of kind {@code "delay"}
   */
  static Fault delay(Duration delay) {
    return new InjectedFault(
        InjectedFault.Action.DELAY,
        "delay",
        0,
        null,
        null,
        null,
        InjectedFault.requireNotNegative(delay, "delay"),
        0);
  }

  /**
   * Resets the connection (TCP RST) without sending any byte of a response. The request log records
   * status {@code 0}.
   *
   * @return the fault, of kind {@code "reset-before-headers"}
   */
  static Fault resetBeforeHeaders() {
    return new InjectedFault(
        InjectedFault.Action.RESET_BEFORE_HEADERS,
        "reset-before-headers",
        0,
        null,
        null,
        null,
        Duration.ZERO,
        0);
  }

  /**
   * Processes the request as usual, its state change included (a key validated, an activation
   * created), then resets the connection (TCP RST) without sending any byte of the answer: the
   * ambiguous failure after which a client cannot tell whether its request took effect. The request
   * log records status {@code 0}.
   *
   * @return the fault, of kind {@code "reset-after-processing"}
   */
  static Fault resetAfterProcessing() {
    return new InjectedFault(
        InjectedFault.Action.RESET_AFTER_PROCESSING,
        "reset-after-processing",
        0,
        null,
        null,
        null,
        Duration.ZERO,
        0);
  }

  /**
   * Sends the normal answer's status and headers with its full {@code Content-Length}, then a
   * quarter of the body, then closes the connection.
   *
   * @return the fault, of kind {@code "reset-after-headers"}
   */
  static Fault resetAfterHeaders() {
    return new InjectedFault(
        InjectedFault.Action.PARTIAL_BODY,
        "reset-after-headers",
        0,
        null,
        null,
        null,
        Duration.ZERO,
        4);
  }

  /**
   * Sends the normal answer with its full {@code Content-Length} but only the first half of the
   * body, then closes the connection.
   *
   * @return the fault, of kind {@code "truncated-body"}
   */
  static Fault truncatedBody() {
    return new InjectedFault(
        InjectedFault.Action.PARTIAL_BODY, "truncated-body", 0, null, null, null, Duration.ZERO, 2);
  }

  /**
   * Sends the normal answer with chunked transfer encoding, split into {@code chunks} parts of
   * about equal size, each written after waiting {@code perChunk}.
   *
   * @param perChunk the wait before each chunk; not negative
   * @param chunks how many chunks, at least 1
   * @return the fault, of kind {@code "slow-body"}
   */
  static Fault slowBody(Duration perChunk, int chunks) {
    if (chunks < 1) {
      throw new IllegalArgumentException("chunks must be at least 1, was: " + chunks);
    }
    return new InjectedFault(
        InjectedFault.Action.SLOW_BODY,
        "slow-body",
        0,
        null,
        null,
        null,
        InjectedFault.requireNotNegative(perChunk, "perChunk"),
        chunks);
  }

  /**
   * Answers 200 {@code application/json} with a body that is not valid JSON.
   *
   * @return the fault, of kind {@code "malformed-body"}
   */
  static Fault malformedBody() {
    return InjectedFault.replace(
        "malformed-body",
        200,
        "application/json",
        "{\"items\":[{\"id\":\"3f2c0a6e-8d1b-4c55-9e0f-2b7a4d9c1e80\",\"created_at\":,]");
  }

  /**
   * Answers with any status, content type and body.
   *
   * @param status the status, between 200 and 599
   * @param contentType the {@code Content-Type} value; not {@code null}
   * @param body the body, sent as UTF-8; not {@code null}
   * @return the fault, of kind {@code "body-<status>"}
   */
  static Fault body(int status, String contentType, String body) {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    InjectedFault.requireStatus(status);
    return InjectedFault.replace("body-" + status, status, contentType, body);
  }

  /**
   * Names the fault's kind, the key of {@link FaultPlan#injectedByKind()}: {@code "status-503"},
   * {@code "rate-limited"}, {@code "html-502"}, {@code "delay"}, {@code "reset-before-headers"},
   * {@code "reset-after-headers"}, {@code "reset-after-processing"}, {@code "truncated-body"},
   * {@code "slow-body"}, {@code "malformed-body"} or {@code "body-<status>"}.
   *
   * @return the kind
   */
  String kind();
}
