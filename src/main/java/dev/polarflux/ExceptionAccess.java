package dev.polarflux;

import dev.polarflux.internal.client.Errors;
import java.time.Duration;
import java.util.List;

/** The constructors and setters of the errors, for the client's machinery ({@link Errors}). */
final class ExceptionAccess extends Errors {

  @Override
  public PolarUnauthorizedException unauthorized(
      String message, int page, String errorCode, String description) {
    return new PolarUnauthorizedException(message, page, errorCode, description);
  }

  @Override
  public PolarNotFoundException notFound(String message, int page, String detail) {
    return new PolarNotFoundException(message, page, detail);
  }

  @Override
  public PolarNotPermittedException notPermitted(String message, int page, String detail) {
    return new PolarNotPermittedException(message, page, detail);
  }

  @Override
  public PolarValidationException validation(
      String message, int page, List<ValidationError> errors) {
    return new PolarValidationException(message, page, errors);
  }

  @Override
  public PolarRateLimitException rateLimited(String message, int page, Duration retryAfter) {
    return new PolarRateLimitException(message, page, retryAfter);
  }

  @Override
  public PolarServerException server(String message, int page, int status, Duration retryAfter) {
    return new PolarServerException(message, page, status, retryAfter);
  }

  @Override
  public PolarClientException client(String message, int page, int status) {
    return new PolarClientException(message, page, status);
  }

  @Override
  public PolarConnectionException connection(String message, int page, Throwable cause) {
    return new PolarConnectionException(message, page, cause);
  }

  @Override
  public PolarTimeoutException timeout(
      String message, int page, PolarTimeoutException.Kind kind, Duration limit, Throwable cause) {
    return new PolarTimeoutException(message, page, kind, limit, cause);
  }

  @Override
  public PolarDecodingException decoding(String message, int page, int status, Throwable cause) {
    return new PolarDecodingException(message, page, status, cause);
  }

  @Override
  public PolarDeadlineException deadline(String message, int page, Duration deadline) {
    return new PolarDeadlineException(message, page, deadline);
  }

  @Override
  public PolarDriftException drift(String message, int page) {
    return new PolarDriftException(message, page);
  }

  @Override
  public PolarRequestException request(String message, int page, Throwable cause) {
    return new PolarRequestException(message, page, cause);
  }

  @Override
  public void attempts(PolarException error, int attempts) {
    error.attempts(attempts);
  }

  @Override
  public void markUnsent(PolarException error) {
    error.markUnsent();
  }
}
