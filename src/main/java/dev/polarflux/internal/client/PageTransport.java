package dev.polarflux.internal.client;

import dev.polarflux.ListingQuery;
import dev.polarflux.PolarException;
import dev.polarflux.internal.PageBody;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Makes one request for one page: no retries, no timeouts, just the exchange and the mapping of its
 * outcome. Failures are {@link PolarException}s or the transport's raw exceptions, which {@link
 * ExceptionFactory#fromFailure} maps.
 */
public interface PageTransport {

  /**
   * Requests one page.
   *
   * @param query the listing's query
   * @param page the page number
   * @param token the bearer token, or {@code null} to send none
   * @return the decoded body; lazy, one request per subscription
   */
  Mono<PageBody> fetch(ListingQuery query, int page, String token);

  /**
   * Requests one page and streams it: its keys ({@link PageEvent.Key}) as they are decoded, then
   * its pagination ({@link PageEvent.End}). Demand reaches the network. This default decodes the
   * whole page first.
   *
   * @param query the listing's query
   * @param page the page number
   * @param token the bearer token, or {@code null} to send none
   * @return the keys, then the pagination; lazy, one request per subscription
   */
  default Flux<PageEvent> stream(ListingQuery query, int page, String token) {
    return fetch(query, page, token)
        .flatMapMany(
            body ->
                Flux.fromIterable(body.items())
                    .<PageEvent>map(PageEvent.Key::new)
                    .concatWith(Mono.just(new PageEvent.End(body.pagination()))));
  }

  /**
   * Requests one page like {@link #fetch(ListingQuery, int, String)} and reports its progress to
   * {@code exchange}. This default reports the request as sent, and written whole, when it is
   * subscribed to.
   *
   * @param query the listing's query
   * @param page the page number
   * @param token the bearer token, or {@code null} to send none
   * @param exchange told when the request goes out and what its status decided
   * @return the decoded body; lazy, one request per subscription
   */
  default Mono<PageBody> fetch(ListingQuery query, int page, String token, Exchange exchange) {
    return fetch(query, page, token).doOnSubscribe(s -> sentAtOnce(exchange));
  }

  /**
   * Streams one page like {@link #stream(ListingQuery, int, String)} and reports its progress to
   * {@code exchange}. This default reports the request as sent, and written whole, when it is
   * subscribed to.
   *
   * @param query the listing's query
   * @param page the page number
   * @param token the bearer token, or {@code null} to send none
   * @param exchange told when the request goes out and what its status decided
   * @return the keys, then the pagination; lazy, one request per subscription
   */
  default Flux<PageEvent> stream(ListingQuery query, int page, String token, Exchange exchange) {
    return stream(query, page, token).doOnSubscribe(s -> sentAtOnce(exchange));
  }

  /**
   * Sends one request of a single-key operation and reports what the server answered, whatever its
   * status; a failure is a transport failure (no answer), classified as for pages.
   *
   * @param site the operation, for the errors the transport raises itself
   * @param call the request
   * @param token the bearer token, or {@code null} to send none
   * @param exchange told when the request goes out and what its status decided
   * @return the answer; lazy, one request per subscription
   */
  default Mono<Answer> send(Site site, Call call, String token, Exchange exchange) {
    return Mono.error(
        new UnsupportedOperationException("this transport serves listings only: " + site));
  }

  private static void sentAtOnce(Exchange exchange) {
    exchange.sending(false);
    exchange.written();
  }
}
