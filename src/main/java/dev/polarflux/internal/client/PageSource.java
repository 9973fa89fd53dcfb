package dev.polarflux.internal.client;

import dev.polarflux.LicenseKeyPage;
import dev.polarflux.ListingQuery;
import dev.polarflux.PolarDriftException;
import dev.polarflux.PolarListener;
import dev.polarflux.internal.PageBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;

/**
 * One page, fetched to the end with the {@link Attempts} every request shares: the token asked for,
 * the request budget waited for, the attempt bounded by the response timeout, and failed attempts
 * retried for this page alone.
 */
public final class PageSource {

  /** See {@link Attempts#UNWRITTEN_RETRIES}. */
  public static final int UNWRITTEN_RETRIES = Attempts.UNWRITTEN_RETRIES;

  final ClientSettings settings;
  final PageTransport transport;
  final ListingQuery query;
  private final Attempts attempts;

  public PageSource(ClientSettings settings, PageTransport transport, ListingQuery query) {
    this(new Attempts(settings, transport), query);
  }

  private PageSource(Attempts attempts, ListingQuery query) {
    this.attempts = attempts;
    this.settings = attempts.settings;
    this.transport = attempts.transport;
    this.query = query;
  }

  public PageSource withQuery(ListingQuery query) {
    return new PageSource(attempts, query);
  }

  Scheduler scheduler() {
    return attempts.scheduler();
  }

  /** The page, retried as configured; fails with the last attempt's error. */
  Mono<LicenseKeyPage> page(int page) {
    Site site = Site.page(page);
    return PageTap.observed(
        settings.listener,
        page,
        Mono.defer(
            () -> {
              Scheduler scheduler = scheduler();
              int[] made = {0};
              return attempt(site, scheduler, made)
                  .retryWhen(attempts.retry(site, scheduler, Attempts.Safety.IDEMPOTENT));
            }));
  }

  /**
   * The page streamed: its keys as they are decoded, then its {@link
   * dev.polarflux.model.Pagination}. A failed attempt is retried like {@link #page(int)}; the retry
   * resumes after the keys already emitted, and fails with a {@link PolarDriftException} when the
   * page no longer starts with them.
   */
  Flux<PageEvent> streamedPage(int page) {
    Site site = Site.page(page);
    Attempts.Budget budget = Attempts.Budget.of(settings);
    return PageTap.observed(
        settings.listener,
        page,
        Flux.defer(
            () -> {
              Scheduler scheduler = scheduler();
              int[] made = {0};
              Resumption resumption = new Resumption(page, scheduler);
              return attempts
                  .attempt(
                      site,
                      budget,
                      false,
                      scheduler,
                      made,
                      (n, exchange, token) ->
                          timedStream(site, scheduler, exchange, token)
                              .handle(resumption.attempt(n)))
                  .retryWhen(attempts.retry(site, scheduler, Attempts.Safety.IDEMPOTENT))
                  .doOnNext(resumption::delivered);
            }));
  }

  /**
   * What the attempts of one streamed page have delivered, so that a later attempt skips those keys
   * (checking that the page still starts with them) and goes on after them.
   */
  private final class Resumption {
    private final int page;
    private final Scheduler scheduler;
    private final List<UUID> delivered = new ArrayList<>();

    Resumption(int page, Scheduler scheduler) {
      this.page = page;
      this.scheduler = scheduler;
    }

    /** Records a key that went downstream. */
    void delivered(PageEvent event) {
      if (event instanceof PageEvent.Key k) {
        delivered.add(k.key().id());
      }
    }

    /** The filter of attempt {@code n}: started now, after the keys delivered so far. */
    BiConsumer<PageEvent, SynchronousSink<PageEvent>> attempt(int n) {
      return new Attempt(n, delivered.size(), scheduler.now(TimeUnit.NANOSECONDS));
    }

    private final class Attempt implements BiConsumer<PageEvent, SynchronousSink<PageEvent>> {
      private final int n;
      private final int skip;
      private final long started;
      private int seen;

      Attempt(int n, int skip, long started) {
        this.n = n;
        this.skip = skip;
        this.started = started;
      }

      @Override
      public void accept(PageEvent event, SynchronousSink<PageEvent> sink) {
        if (event instanceof PageEvent.Key k) {
          int i = seen++;
          if (i >= skip) {
            sink.next(k);
          } else if (!k.key().id().equals(delivered.get(i))) {
            sink.error(shifted(page, skip, n));
          }
          return;
        }
        // The pagination: the page is complete.
        if (seen < skip) {
          sink.error(shifted(page, skip, n));
          return;
        }
        fetched(page, seen, n, Duration.ofNanos(scheduler.now(TimeUnit.NANOSECONDS) - started));
        sink.next(event);
      }
    }
  }

  /** Logs a page that arrived and tells the listener. */
  void fetched(int page, int items, int attempts, Duration latency) {
    if (this.attempts.log().isDebugEnabled()) {
      this.attempts
          .log()
          .debug(
              "page {} fetched: status 200, attempt {}, {} ms, {} keys",
              page,
              attempts,
              latency.toMillis(),
              items);
    }
    PolarListener listener = settings.listener;
    this.attempts.notify(() -> listener.pageFetched(page, items, attempts, latency));
  }

  /** Logs a page that failed for good and tells the listener. */
  void failed(int page, Throwable error) {
    if (attempts.log().isDebugEnabled()) {
      attempts.log().debug("page {} failed: {}", page, error.toString());
    }
    PolarListener listener = settings.listener;
    attempts.notify(() -> listener.pageFailed(page, error));
  }

  private static PolarDriftException shifted(int page, int delivered, int attempt) {
    PolarDriftException e = ExceptionFactory.pageShifted(page, delivered);
    Errors.get().attempts(e, attempt);
    return e;
  }

  private Mono<LicenseKeyPage> attempt(Site site, Scheduler scheduler, int[] made) {
    int page = site.page();
    long[] started = {0};
    return attempts
        .attempt(
            site,
            Attempts.Budget.of(settings),
            false,
            scheduler,
            made,
            (n, exchange, token) -> {
              started[0] = scheduler.now(TimeUnit.NANOSECONDS);
              return timedFetch(site, scheduler, exchange, token);
            })
        .singleOrEmpty()
        .map(
            body -> {
              fetched(
                  page,
                  body.items().size(),
                  made[0],
                  Duration.ofNanos(scheduler.now(TimeUnit.NANOSECONDS) - started[0]));
              return new LicenseKeyPage(page, body.items(), body.pagination(), false);
            });
  }

  /** One request of a page, timed by {@link Attempts#timed}. */
  private Mono<PageBody> timedFetch(
      Site site, Scheduler scheduler, Exchange exchange, String token) {
    return attempts.timed(
        site, scheduler, exchange, transport.fetch(query, site.page(), token, exchange));
  }

  /** Like {@link #timedFetch}, the timeout bounding each wait for a wanted key. */
  private Flux<PageEvent> timedStream(
      Site site, Scheduler scheduler, Exchange exchange, String token) {
    return new DemandTimeout<>(
            transport.stream(query, site.page(), token, exchange),
            settings.responseTimeout,
            scheduler,
            exchange.whenSending())
        .onErrorMap(exchange::timedOut)
        .onErrorMap(e -> attempts.mappedInExchange(e, site, exchange));
  }

  Duration backoff(long retriesDone) {
    return attempts.backoff(retriesDone);
  }
}
