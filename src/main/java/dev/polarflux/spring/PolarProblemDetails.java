package dev.polarflux.spring;

import dev.polarflux.PolarClientException;
import dev.polarflux.PolarConnectionException;
import dev.polarflux.PolarDeadlineException;
import dev.polarflux.PolarDecodingException;
import dev.polarflux.PolarDriftException;
import dev.polarflux.PolarException;
import dev.polarflux.PolarNotFoundException;
import dev.polarflux.PolarNotPermittedException;
import dev.polarflux.PolarRateLimitException;
import dev.polarflux.PolarRequestException;
import dev.polarflux.PolarServerException;
import dev.polarflux.PolarTimeoutException;
import dev.polarflux.PolarUnauthorizedException;
import dev.polarflux.PolarValidationException;
import java.time.Duration;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * The HTTP answer of an application whose call to Polar failed: an RFC 9457 {@link ProblemDetail}
 * with a status that says whose fault it is. A refused session token is passed on as Polar's own
 * 401 or 403: a customer portal lists with its caller's Polar session, and the caller is the one
 * who can renew it. Polar's other 4xx answers (parameters, base URL) are a bad gateway for the
 * application's client, not that client's error and not the application's 500; a rate limit is the
 * application's service being unavailable for a while, with Polar's {@code Retry-After} passed on.
 *
 * <table>
 *   <caption>Statuses</caption>
 *   <tr><th>error</th><th>status</th></tr>
 *   <tr><td>{@link PolarUnauthorizedException} (Polar's 401), a 403</td>
 *       <td>Polar's own 401 or 403, or the configured {@code
 *       polarflux.problem-details.unauthorized-status} (502 for an application whose token is its
 *       own server credential)</td></tr>
 *   <tr><td>{@link PolarNotPermittedException} (a key operation refused: the activation limit
 *       reached, the key not granted or expired)</td><td>403</td></tr>
 *   <tr><td>{@link PolarNotFoundException} of a single-key operation (no such key or activation,
 *       or the key is not valid)</td><td>404</td></tr>
 *   <tr><td>{@link PolarRateLimitException} (429)</td><td>503, {@code Retry-After} passed on</td></tr>
 *   <tr><td>{@link PolarServerException} with {@code Retry-After}</td>
 *       <td>503, {@code Retry-After} passed on</td></tr>
 *   <tr><td>{@link PolarServerException}, {@link PolarConnectionException}</td><td>502</td></tr>
 *   <tr><td>{@link PolarTimeoutException}, {@link PolarDeadlineException}</td><td>504</td></tr>
 *   <tr><td>{@link PolarNotFoundException} of a listing, {@link PolarValidationException}, {@link
 *       PolarClientException}, {@link PolarDecodingException}, {@link PolarDriftException}</td>
 *       <td>502</td></tr>
 *   <tr><td>{@link PolarRequestException} (the token supplier failed, the client is closed)</td>
 *       <td>500</td></tr>
 * </table>
 *
 * <p>The problem carries a fixed title and detail per kind of failure, and the properties {@code
 * polarStatus} (Polar's status, when it answered), {@code page} and {@code attempts}; never the
 * exception's message, Polar's own description, the base URL or the token, which stay in the
 * application's log.
 */
// Spring is required statically, not transitively: an application using this package has Spring.
@SuppressWarnings("exports")
public final class PolarProblemDetails {

  private final HttpStatus unauthorizedStatus;

  private PolarProblemDetails(HttpStatus unauthorizedStatus) {
    this.unauthorizedStatus = unauthorizedStatus;
  }

  /** The status answering Polar's 401 and 403, or {@code null} for Polar's own. */
  private static final HttpStatus POLARS_OWN = null;

  /**
   * The mapping of the table above, with Polar's own 401 and 403 passed on.
   *
   * @return the mapping
   */
  public static PolarProblemDetails create() {
    return new PolarProblemDetails(POLARS_OWN);
  }

  /**
   * Returns a copy answering Polar's 401 and 403 with {@code status}: 502 (Bad Gateway) suits an
   * application whose token is its own server credential, which its clients cannot renew.
   *
   * @param status an error status, 4xx or 5xx
   * @return a copy with the status
   * @throws IllegalArgumentException when {@code status} is not an error status
   */
  public PolarProblemDetails unauthorizedStatus(HttpStatus status) {
    Objects.requireNonNull(status, "status");
    if (!status.isError()) {
      throw new IllegalArgumentException("unauthorizedStatus must be 4xx or 5xx, was: " + status);
    }
    return new PolarProblemDetails(status);
  }

  /**
   * Returns the status answering {@code error}.
   *
   * @param error the error
   * @return the status
   */
  public HttpStatus status(PolarException error) {
    Objects.requireNonNull(error, "error");
    Failure failure = Failure.of(error);
    if (failure == Failure.REFUSED) {
      return unauthorizedStatus != null
          ? unauthorizedStatus
          : error.status() == 403 ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
    }
    return retryAfter(error) != null ? HttpStatus.SERVICE_UNAVAILABLE : failure.status;
  }

  /**
   * Returns the problem answering {@code error}.
   *
   * @param error the error
   * @return a new problem
   */
  public ProblemDetail problem(PolarException error) {
    HttpStatus status = status(error);
    Failure failure = Failure.of(error);
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, failure.detail);
    problem.setTitle(failure.title);
    if (error.status() != 0) {
      problem.setProperty("polarStatus", error.status());
    }
    if (error.page() != 0) {
      problem.setProperty("page", error.page());
    }
    problem.setProperty("attempts", error.attempts());
    return problem;
  }

  /**
   * Returns the response answering {@code error}: its {@link #problem}, as {@code
   * application/problem+json}, with {@code Retry-After} in whole seconds when Polar sent one.
   *
   * @param error the error
   * @return a new response
   */
  public ResponseEntity<ProblemDetail> response(PolarException error) {
    ProblemDetail problem = problem(error);
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    Duration retryAfter = retryAfter(error);
    if (retryAfter != null) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfter)));
    }
    return response.body(problem);
  }

  /** The wait Polar asked for, rounded up to whole seconds: a client waits at least as long. */
  private static long seconds(Duration wait) {
    long seconds = wait.getSeconds();
    return wait.getNano() > 0 ? seconds + 1 : seconds;
  }

  private static Duration retryAfter(PolarException error) {
    if (error instanceof PolarRateLimitException e) {
      return e.retryAfter();
    }
    if (error instanceof PolarServerException e) {
      return e.retryAfter();
    }
    return null;
  }

  /** What kind of failure an error is: its title, detail and status, Polar's 401/403 aside. */
  private enum Failure {
    NOT_PERMITTED(
        "Polar did not permit the operation",
        "Polar refused the operation for this license key.",
        HttpStatus.FORBIDDEN),
    NOT_FOUND(
        "License key not found or not valid",
        "Polar found no such license key or activation, or the key is not valid.",
        HttpStatus.NOT_FOUND),
    REFUSED(
        "Polar refused the credentials",
        "Polar rejected the session token used for this request.",
        null),
    RATE_LIMITED(
        "Polar rate limit reached",
        "Polar's request budget for this token is spent; try again later.",
        HttpStatus.SERVICE_UNAVAILABLE),
    DEADLINE(
        "Polar did not answer in time",
        "Listing the license keys took longer than its deadline.",
        HttpStatus.GATEWAY_TIMEOUT),
    TIMEOUT(
        "Polar did not answer in time",
        "A request to Polar timed out.",
        HttpStatus.GATEWAY_TIMEOUT),
    UNREACHABLE(
        "Polar could not be reached", "The connection to Polar failed.", HttpStatus.BAD_GATEWAY),
    SERVER("Polar failed", "Polar answered with a server error.", HttpStatus.BAD_GATEWAY),
    REQUEST(
        "Polar request could not be made",
        "The request to Polar could not be made.",
        HttpStatus.INTERNAL_SERVER_ERROR),
    UNUSABLE(
        "Polar answered unexpectedly", "Polar's answer could not be used.", HttpStatus.BAD_GATEWAY);

    final String title;
    final String detail;
    final HttpStatus status;

    Failure(String title, String detail, HttpStatus status) {
      this.title = title;
      this.detail = detail;
      this.status = status;
    }

    static Failure of(PolarException error) {
      // A single-key operation's 403 and 404 are about the key; a listing's are about the
      // credentials or the configuration.
      if (error instanceof PolarNotPermittedException && error.page() == 0) {
        return NOT_PERMITTED;
      }
      if (error instanceof PolarNotFoundException && error.page() == 0) {
        return NOT_FOUND;
      }
      if (error instanceof PolarUnauthorizedException || error.status() == 403) {
        return REFUSED;
      }
      if (error instanceof PolarRateLimitException) {
        return RATE_LIMITED;
      }
      if (error instanceof PolarDeadlineException) {
        return DEADLINE;
      }
      if (error instanceof PolarTimeoutException) {
        return TIMEOUT;
      }
      if (error instanceof PolarConnectionException) {
        return UNREACHABLE;
      }
      if (error instanceof PolarServerException) {
        return SERVER;
      }
      return error instanceof PolarRequestException ? REQUEST : UNUSABLE;
    }
  }
}
