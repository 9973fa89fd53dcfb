package dev.polarflux.spring;

import dev.polarflux.PolarException;
import java.util.Objects;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Answers a {@link PolarException} that reaches an annotated WebFlux controller with the problem
 * {@link PolarProblemDetails} describes, and logs it at {@code WARN} (the message names no token).
 * Ordered last, so an application's own {@code @ExceptionHandler} for Polar errors wins.
 *
 * <p>It answers only while the response has not started: a listing that fails after a streamed
 * (NDJSON, server-sent events) response sent its status and first keys cannot change that status.
 * The error then goes on to Spring, which logs it and closes the connection without ending the
 * body, so the client sees the body cut short (Reactor Netty's {@code PrematureCloseException})
 * rather than a complete-looking stream. Functional endpoints ({@code RouterFunction}) do not go
 * through controller advice; they can call {@link PolarProblemDetails#response} in {@code
 * onErrorResume}.
 */
// Spring is required statically, not transitively: an application using this package has Spring.
@SuppressWarnings("exports")
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class PolarExceptionHandler {

  private final Logger log = Loggers.getLogger("dev.polarflux");

  private final PolarProblemDetails problems;

  /**
   * Creates the handler.
   *
   * @param problems the mapping of errors to problems
   */
  public PolarExceptionHandler(PolarProblemDetails problems) {
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  /**
   * Answers {@code error}, unless the response has started: then the error is signalled again, so
   * that Spring cuts the response short rather than ending it as if it were complete.
   *
   * @param error the error
   * @param response the response
   * @return the problem response
   * @throws PolarException {@code error}, when the response has started
   */
  @ExceptionHandler(PolarException.class)
  public ResponseEntity<ProblemDetail> handle(PolarException error, ServerHttpResponse response) {
    if (response.isCommitted()) {
      throw error;
    }
    ResponseEntity<ProblemDetail> answer = problems.response(error);
    log.warn(
        "Polar request failed, answered {}: {}",
        answer.getStatusCode().value(),
        error.getMessage());
    return answer;
  }
}
