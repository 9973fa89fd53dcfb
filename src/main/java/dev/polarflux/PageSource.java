package dev.polarflux;

import dev.polarflux.internal.PageBody;
import dev.polarflux.model.LicenseKeyRead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.retry.Retry;

/**
 * One page, fetched to the end: the token asked for, the request budget waited for, the attempt
 * bounded by the response timeout, and failed attempts retried for this page alone.
 */
final class PageSource {

  /** Looked up per listing, so an application's logger configuration applies when it runs. */
  private final Logger log = Loggers.getLogger("dev.polarflux");

  final ClientSettings settings;
  final PageTransport transport;
  final LicenseKeyQuery query;

  PageSource(ClientSettings settings, PageTransport transport, LicenseKeyQuery query) {
    this.settings = settings;
    this.transport = transport;
    this.query = query;
  }

  PageSource withQuery(LicenseKeyQuery query) {
    return new PageSource(settings, transport, query);
  }

  Scheduler scheduler() {
    Scheduler s = settings.scheduler();
    return s != null ? s : Schedulers.parallel();
  }

  /** The page, retried as configured; fails with the last attempt's error. */
  Mono<LicenseKeyPage> page(int page) {
    return PageTap.observed(
        settings.listener(),
        page,
        Mono.defer(
            () -> {
              Scheduler scheduler = scheduler();
              int[] attempts = {0};
              Mono<LicenseKeyPage> attempt = attempt(page, scheduler, attempts);
              Retry retry =
                  settings.customRetry() != null
                      ? settings.customRetry()
                      : new PageRetry(page, scheduler);
              return attempt.retryWhen(retry);
            }));
  }

  /**
   * The page streamed: its keys as they are decoded, then its {@link Pagination}. A failed attempt
   * is retried like {@link #page(int)}; the retry resumes after the keys already emitted, and fails
   * with a {@link PolarDriftException} when the page no longer starts with them.
   */
  Flux<Object> streamedPage(int page) {
    return PageTap.observed(
        settings.listener(),
        page,
        Flux.defer(
            () -> {
              Scheduler scheduler = scheduler();
              int[] attempts = {0};
              List<UUID> emittedIds = new ArrayList<>();
              Mono<String> token = settings.token();
              Flux<Object> attempt =
                  budget(page, scheduler, attempts)
                      .thenMany(
                          Flux.defer(
                              () -> {
                                int n = ++attempts[0];
                                int skip = emittedIds.size();
                                int[] seen = {0};
                                long started = scheduler.now(TimeUnit.NANOSECONDS);
                                Flux<Object> exchange =
                                    token == null
                                        ? transport.stream(query, page, null)
                                        : requireToken(token)
                                            .flatMapMany(t -> transport.stream(query, page, t));
                                return new DemandTimeout<>(
                                        exchange, settings.responseTimeout(), scheduler)
                                    .onErrorMap(e -> mapped(e, page, settings.responseTimeout(), n))
                                    .onErrorResume(e -> pausedBudget(e, scheduler))
                                    .handle(
                                        (event, sink) -> {
                                          if (event instanceof LicenseKeyRead key) {
                                            int i = seen[0]++;
                                            if (i >= skip) {
                                              sink.next(key);
                                            } else if (!key.id().equals(emittedIds.get(i))) {
                                              sink.error(shifted(page, skip, n));
                                            }
                                            return;
                                          }
                                          if (seen[0] < skip) {
                                            sink.error(shifted(page, skip, n));
                                            return;
                                          }
                                          fetched(
                                              page,
                                              seen[0],
                                              n,
                                              Duration.ofNanos(
                                                  scheduler.now(TimeUnit.NANOSECONDS) - started));
                                          sink.next(event);
                                        });
                              }));
              Retry retry =
                  settings.customRetry() != null
                      ? settings.customRetry()
                      : new PageRetry(page, scheduler);
              return attempt
                  .retryWhen(retry)
                  .doOnNext(
                      event -> {
                        if (event instanceof LicenseKeyRead key) {
                          emittedIds.add(key.id());
                        }
                      });
            }));
  }

  /** Logs a page that arrived and tells the listener. */
  void fetched(int page, int items, int attempts, Duration latency) {
    if (log.isDebugEnabled()) {
      log.debug(
          "page {} fetched: status 200, attempt {}, {} ms, {} keys",
          page,
          attempts,
          latency.toMillis(),
          items);
    }
    PolarListener listener = settings.listener();
    notify(() -> listener.pageFetched(page, items, attempts, latency));
  }

  /** Runs a listener callback; a listener that throws is logged and never breaks the listing. */
  private void notify(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.warn("a PolarListener threw, ignored: {}", e.toString());
    }
  }

  /** Logs a retry and tells the listener. */
  void retrying(int page, PolarException error, Duration delay) {
    log.warn(
        "page {} attempt {} failed, retrying in {} ms: {}",
        page,
        error.attempts(),
        delay.toMillis(),
        error.getMessage());
    PolarListener listener = settings.listener();
    notify(() -> listener.retrying(page, error.attempts(), error, delay));
  }

  /** Logs a page that failed for good and tells the listener. */
  void failed(int page, Throwable error) {
    if (log.isDebugEnabled()) {
      log.debug("page {} failed: {}", page, error.toString());
    }
    PolarListener listener = settings.listener();
    notify(() -> listener.pageFailed(page, error));
  }

  private static PolarDriftException shifted(int page, int delivered, int attempt) {
    PolarDriftException e =
        ExceptionFactory.drift(
            "Page "
                + page
                + " changed between attempts: the retried page no longer starts with"
                + " the "
                + delivered
                + " keys already delivered",
            page);
    e.attempts(attempt);
    return e;
  }

  /**
   * Waits for a slot in the budget. A budget that cannot be consulted fails the attempt with a
   * {@link PolarConnectionException}, which counts as an attempt and is retried like a failed
   * connection.
   */
  private Mono<Void> budget(int page, Scheduler scheduler, int[] attempts) {
    RateZone zone = settings.rateZone();
    if (zone == null) {
      return Mono.empty();
    }
    return settings
        .rateBudget()
        .acquire(zone, settings.budgetIdentity(), scheduler)
        .onErrorMap(
            e -> !(e instanceof PolarException),
            e -> {
              PolarConnectionException failed =
                  new PolarConnectionException(
                      "The rate budget failed on page " + page + ": " + e.getMessage(), page, e);
              failed.attempts(++attempts[0]);
              return failed;
            });
  }

  /**
   * After a 429 with {@code Retry-After}, pauses the token's budget for that long (at most {@code
   * maxRetryAfter}), so that no request of this token, in any listing that shares the budget, goes
   * before then; then fails with the same error.
   */
  private <T> Mono<T> pausedBudget(Throwable error, Scheduler scheduler) {
    RateZone zone = settings.rateZone();
    if (zone == null
        || !(error instanceof PolarRateLimitException limited)
        || limited.retryAfter() == null) {
      return Mono.error(error);
    }
    Duration pause =
        limited.retryAfter().compareTo(settings.maxRetryAfter()) > 0
            ? settings.maxRetryAfter()
            : limited.retryAfter();
    if (pause.isZero() || pause.isNegative()) {
      return Mono.error(error);
    }
    return settings
        .rateBudget()
        .pause(zone, settings.budgetIdentity(), pause, scheduler)
        .onErrorResume(
            e -> {
              log.warn("could not pause the rate budget after a 429: {}", e.toString());
              return Mono.empty();
            })
        .then(Mono.error(error));
  }

  private static Mono<String> requireToken(Mono<String> token) {
    return token.switchIfEmpty(
        Mono.error(() -> new IllegalStateException("the token supplier completed empty")));
  }

  private Mono<LicenseKeyPage> attempt(int page, Scheduler scheduler, int[] attempts) {
    Duration timeout = settings.responseTimeout();
    Mono<String> token = settings.token();
    Mono<PageBody> exchange =
        token == null
            ? Mono.defer(() -> transport.fetch(query, page, null))
            : requireToken(token).flatMap(t -> transport.fetch(query, page, t));
    return budget(page, scheduler, attempts)
        .then(
            Mono.defer(
                () -> {
                  int n = ++attempts[0];
                  long started = scheduler.now(TimeUnit.NANOSECONDS);
                  return exchange
                      .timeout(timeout, scheduler)
                      .onErrorMap(e -> mapped(e, page, timeout, n))
                      .onErrorResume(e -> pausedBudget(e, scheduler))
                      .map(
                          body -> {
                            fetched(
                                page,
                                body.items().size(),
                                n,
                                Duration.ofNanos(scheduler.now(TimeUnit.NANOSECONDS) - started));
                            return new LicenseKeyPage(page, body.items(), body.pagination(), false);
                          });
                }));
  }

  private static Throwable mapped(Throwable e, int page, Duration timeout, int attempt) {
    Throwable t = ExceptionFactory.fromFailure(e, page, timeout);
    if (t instanceof PolarException pe) {
      pe.attempts(attempt);
    }
    return t;
  }

  /** The built-in policy: transient errors only, exponential back-off, {@code Retry-After}. */
  private final class PageRetry extends Retry {
    private final int page;
    private final Scheduler scheduler;

    PageRetry(int page, Scheduler scheduler) {
      this.page = page;
      this.scheduler = scheduler;
    }

    @Override
    public org.reactivestreams.Publisher<?> generateCompanion(Flux<RetrySignal> signals) {
      return signals.concatMap(
          signal -> {
            Throwable failure = signal.failure();
            if (!(failure instanceof PolarException error) || !error.isRetryable()) {
              return Mono.error(failure);
            }
            long retriesDone = signal.totalRetries();
            if (retriesDone >= settings.maxRetries()) {
              return Mono.error(failure);
            }
            Duration requested = retryAfter(error);
            Duration delay;
            if (requested != null) {
              if (requested.compareTo(settings.maxRetryAfter()) > 0) {
                return Mono.error(failure);
              }
              delay = requested;
            } else {
              delay = PageSource.this.backoff(retriesDone);
            }
            retrying(page, error, delay);
            return Mono.delay(delay, scheduler);
          });
    }
  }

  private static Duration retryAfter(PolarException error) {
    if (error instanceof PolarRateLimitException r) {
      return r.retryAfter();
    }
    if (error instanceof PolarServerException s) {
      return s.retryAfter();
    }
    return null;
  }

  Duration backoff(long retriesDone) {
    long min = settings.minBackoff().toNanos();
    long max = settings.maxBackoff().toNanos();
    // In floating point, so that a large minimum or many retries cannot overflow.
    double exponential = min * Math.pow(2, Math.min(retriesDone, 62));
    long base = exponential >= max ? max : (long) exponential;
    double jitter = settings.jitter();
    double factor = 1 + jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
    long delay = (long) (base * factor);
    return Duration.ofNanos(Math.max(0, Math.min(max, delay)));
  }
}
