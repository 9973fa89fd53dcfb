package dev.polarflux;

/**
 * A response that is not the list Polar's schema declares: malformed or truncated JSON, wrong
 * types, a missing required field, an HTML page, a content type other than JSON, an empty body, or
 * a body larger than {@link PolarClient#maxBodySize(int)}.
 */
public final class PolarDecodingException extends PolarNonTransientException {

  private static final long serialVersionUID = 1L;

  PolarDecodingException(String message, int page, int status, Throwable cause) {
    super(message, page, status, cause);
  }
}
