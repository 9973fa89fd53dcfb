package dev.polarflux;

import dev.polarflux.internal.PageBody;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes one request for one page: no retries, no timeouts, just the exchange and the mapping of its
 * outcome. Failures are {@link PolarException}s or the transport's raw exceptions, which {@link
 * ExceptionFactory#fromFailure} maps.
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

  /**
   * Requests one page and streams it: its keys ({@link dev.polarflux.model.LicenseKeyRead}) as they
   * are decoded, then its {@link dev.polarflux.model.Pagination}. Demand reaches the network. This
   * default decodes the whole page first.
   *
   * @param query the listing's query
   * @param page the page number
   * @param token the bearer token, or {@code null} to send none
   * @return the keys, then the pagination; lazy, one request per subscription
   */
  default Flux<Object> stream(LicenseKeyQuery query, int page, String token) {
    return fetch(query, page, token)
        .flatMapMany(
            body ->
                Flux.<Object>fromIterable(body.items()).concatWith(Mono.just(body.pagination())));
  }

  /**
   * Requests one page like {@link #fetch(LicenseKeyQuery, int, String)} and reports its progress to
   * {@code exchange}. This default reports the request as sent, and written whole, when it is
   * subscribed to.
   *
   * @param query the listing's query
   * @param page the page number
   * @param token the bearer token, or {@code null} to send none
   * @param exchange told when the request goes out and what its status decided
   * @return the decoded body; lazy, one request per subscription
   */
  default Mono<PageBody> fetch(LicenseKeyQuery query, int page, String token, Exchange exchange) {
    return fetch(query, page, token).doOnSubscribe(s -> sentAtOnce(exchange));
  }

  /**
   * Streams one page like {@link #stream(LicenseKeyQuery, int, String)} and reports its progress to
   * {@code exchange}. This default reports the request as sent, and written whole, when it is
   * subscribed to.
   *
   * @param query the listing's query
   * @param page the page number
   * @param token the bearer token, or {@code null} to send none
   * @param exchange told when the request goes out and what its status decided
   * @return the keys, then the pagination; lazy, one request per subscription
   */
  default Flux<Object> stream(LicenseKeyQuery query, int page, String token, Exchange exchange) {
    return stream(query, page, token).doOnSubscribe(s -> sentAtOnce(exchange));
  }

  private static void sentAtOnce(Exchange exchange) {
    exchange.sending(false);
    exchange.written();
  }
}
