package dev.polarflux;

/**
 * A status no other type covers: a 4xx other than 401, 404, 422 and 429, an informational status or
 * a redirect (polarflux never follows redirects, so credentials never travel to another host).
 */
public final class PolarClientException extends PolarNonTransientException {

  private static final long serialVersionUID = 1L;

  PolarClientException(String message, int page, int status) {
    super(message, page, status, null);
  }
}
