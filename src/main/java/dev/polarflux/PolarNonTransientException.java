package dev.polarflux;

/**
 * An error that repeating the same request will not fix: authentication, a rejected parameter, an
 * unexpected status, a body that is not what Polar's schema declares, a listing whose deadline ran
 * out, a request that could not be made.
 */
public abstract sealed class PolarNonTransientException extends PolarException
    permits PolarUnauthorizedException,
        PolarNotPermittedException,
        PolarNotFoundException,
        PolarValidationException,
        PolarClientException,
        PolarDecodingException,
        PolarDriftException,
        PolarDeadlineException,
        PolarRequestException {

  private static final long serialVersionUID = 1L;

  PolarNonTransientException(String message, int page, int status, Throwable cause) {
    super(message, page, status, cause);
  }

  @Override
  public boolean isRetryable() {
    return false;
  }
}
