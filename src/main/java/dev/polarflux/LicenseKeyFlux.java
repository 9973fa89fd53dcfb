package dev.polarflux;

import dev.polarflux.internal.client.PageSource;
import dev.polarflux.internal.client.PagingSubscription;
import dev.polarflux.model.LicenseKeyRead;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;

/**
 * Every license key a {@link ListingQuery} selects, as one back-pressured, cold {@link Flux}.
 *
 * <pre>{@code
 * PolarClient polar = PolarClient.create().token(token);
 * polar.licenseKeys(LicenseKeyQuery.create().benefitId(benefit))
 *     .take(250)                      // fetches 3 pages of 100, no more
 *     .subscribe(key -> ...);
 * }</pre>
 *
 * <ul>
 *   <li><b>Cold and lazy</b>: nothing is sent before subscription; each subscription pages afresh
 *       from the start page.
 *   <li><b>Demand-exact</b>: pages are requested only as downstream demand needs them, with no
 *       hidden prefetch: {@code request(1)} sends one request, {@code take(n)} sends {@code ceil(n
 *       / limit)}, a subscriber that stops requesting stops the paging. {@link
 *       PolarClient#readAhead(int)} adds a bounded read-ahead for subscribers that request in small
 *       batches.
 *   <li><b>Ordered</b>: keys arrive in Polar's order, page after page, even when {@link
 *       PolarClient#concurrency(int)} fetches several pages at once.
 *   <li><b>Termination</b>: after {@code max_page}, on an empty page (a server whose {@code
 *       max_page} promised more), or at {@link LicenseKeyQuery#maxItems(long) the item cap}; with
 *       no keys at all ({@code max_page} 0) after a single request.
 *   <li><b>Failures</b>: each page is retried on its own (see {@link PolarClient#retries(int)}); a
 *       page that fails for good ends the listing with a {@link PolarException} naming the page,
 *       after every key of the earlier pages. Resume with {@link #fromPage(int)}.
 *   <li><b>Cancellation</b> stops all further requests and cancels those in flight.
 * </ul>
 */
public final class LicenseKeyFlux extends Flux<LicenseKeyRead> {

  private final PageSource source;
  private final ListingQuery query;

  LicenseKeyFlux(PageSource source, ListingQuery query) {
    this.source = source;
    this.query = query;
  }

  /**
   * Returns the query this listing runs.
   *
   * @return the query
   */
  public ListingQuery query() {
    return query;
  }

  /**
   * Returns the same listing starting at another page, for instance the page a failure named.
   *
   * @param page 1 or more
   * @return a listing from that page
   */
  public LicenseKeyFlux fromPage(int page) {
    ListingQuery q = query.startPage(page);
    return new LicenseKeyFlux(source.withQuery(q), q);
  }

  /**
   * Returns the listing page by page: each {@link LicenseKeyPage} carries its number, its keys and
   * its pagination, for consumers that checkpoint, show progress ({@code total_count} is known
   * after the first page) or work in batches. Demand counts pages: {@code request(1)} sends one
   * request.
   *
   * @return a cold flux of pages
   */
  public Flux<LicenseKeyPage> byPage() {
    return new PageFlux(source, query.startPage());
  }

  /**
   * Returns the listing page by page, starting at {@code page}.
   *
   * @param page 1 or more
   * @return a cold flux of pages
   */
  public Flux<LicenseKeyPage> byPage(int page) {
    return fromPage(page).byPage();
  }

  @Override
  public void subscribe(CoreSubscriber<? super LicenseKeyRead> actual) {
    PagingSubscription<LicenseKeyRead> s =
        new PagingSubscription<>(actual, source, false, query.startPage());
    actual.onSubscribe(s);
    s.start();
  }

  @Override
  public String toString() {
    return "LicenseKeyFlux[" + query + "]";
  }

  private static final class PageFlux extends Flux<LicenseKeyPage> {
    private final PageSource source;
    private final int startPage;

    PageFlux(PageSource source, int startPage) {
      this.source = source;
      this.startPage = startPage;
    }

    @Override
    public void subscribe(CoreSubscriber<? super LicenseKeyPage> actual) {
      PagingSubscription<LicenseKeyPage> s =
          new PagingSubscription<>(actual, source, true, startPage);
      actual.onSubscribe(s);
      s.start();
    }
  }
}
