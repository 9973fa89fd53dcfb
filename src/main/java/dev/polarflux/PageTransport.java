package dev.polarflux;

import dev.polarflux.internal.PageBody;
import reactor.core.publisher.Mono;

/**
 * Makes one request for one page: no retries, no timeouts, just the exchange and the mapping of
 * its outcome. Failures are {@link PolarException}s or the transport's raw exceptions, which
 * {@link ExceptionFactory#fromFailure} maps.
 */
interface PageTransport {

  /**
   * Requests one page.
   *
   * @param query the listing's query
   * @param page the page number
   * @param token the bearer token, or {@code null} to send none
   * @return the decoded body; lazy, one request per subscription
   */
  Mono<PageBody> fetch(LicenseKeyQuery query, int page, String token);

  /** Releases what the transport holds. */
  default void dispose() {}
}
