package dev.polarflux.internal.client;

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
import dev.polarflux.ValidationError;
import java.time.Duration;
import java.util.List;

/**
 * How the client's machinery makes the API's errors, whose constructors and setters are not API:
 * the API package installs its implementation when {@link PolarException} is initialised, and only
 * that one. Every method mirrors one constructor (or one setter) of the API package.
 */
public abstract class Errors {

  private static final String IMPLEMENTATION = "dev.polarflux.ExceptionAccess";
  private static volatile Errors installed;

  /** For the API package's implementation only. */
  protected Errors() {
    if (!getClass().getName().equals(IMPLEMENTATION)) {
      throw new IllegalStateException("only " + IMPLEMENTATION + " makes polarflux's errors");
    }
  }

  /**
   * Installs the API package's implementation; called once, by {@link PolarException}'s static
   * initialiser.
   *
   * @param errors the implementation
   */
  public static void install(Errors errors) {
    if (installed == null) {
      installed = errors;
    }
  }

  /** The implementation, the API's exceptions initialised first so that it is installed. */
  static Errors get() {
    Errors e = installed;
    if (e == null) {
      try {
        Class.forName(PolarException.class.getName(), true, Errors.class.getClassLoader());
      } catch (ClassNotFoundException impossible) {
        throw new IllegalStateException(impossible);
      }
      e = installed;
    }
    return e;
  }

  /** See {@link PolarUnauthorizedException}. */
  public abstract PolarUnauthorizedException unauthorized(
      String message, int page, String errorCode, String description);

  /** See {@link PolarNotFoundException}. */
  public abstract PolarNotFoundException notFound(String message, int page, String detail);

  /** See {@link PolarNotPermittedException}. */
  public abstract PolarNotPermittedException notPermitted(String message, int page, String detail);

  /** See {@link PolarValidationException}. */
  public abstract PolarValidationException validation(
      String message, int page, List<ValidationError> errors);

  /** See {@link PolarRateLimitException}. */
  public abstract PolarRateLimitException rateLimited(
      String message, int page, Duration retryAfter);

  /** See {@link PolarServerException}. */
  public abstract PolarServerException server(
      String message, int page, int status, Duration retryAfter);

  /** See {@link PolarClientException}. */
  public abstract PolarClientException client(String message, int page, int status);

  /** See {@link PolarConnectionException}. */
  public abstract PolarConnectionException connection(String message, int page, Throwable cause);

  /** See {@link PolarTimeoutException}. */
  public abstract PolarTimeoutException timeout(
      String message, int page, PolarTimeoutException.Kind kind, Duration limit, Throwable cause);

  /** See {@link PolarDecodingException}. */
  public abstract PolarDecodingException decoding(
      String message, int page, int status, Throwable cause);

  /** See {@link PolarDeadlineException}. */
  public abstract PolarDeadlineException deadline(String message, int page, Duration deadline);

  /** See {@link PolarDriftException}. */
  public abstract PolarDriftException drift(String message, int page);

  /** See {@link PolarRequestException}. */
  public abstract PolarRequestException request(String message, int page, Throwable cause);

  /**
   * Records how many attempts were made.
   *
   * @param error the error
   * @param attempts 1 or more
   */
  public abstract void attempts(PolarException error, int attempts);

  /**
   * Records that the request surely never reached Polar.
   *
   * @param error the error
   */
  public abstract void markUnsent(PolarException error);
}
