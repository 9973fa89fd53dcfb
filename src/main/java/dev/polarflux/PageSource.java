package dev.polarflux;

import dev.polarflux.internal.PageBody;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * One page, fetched to the end: the token asked for, the request budget waited for, the attempt
 * bounded by the response timeout, and failed attempts retried for this page alone.
 */
final class PageSource {

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
    return Mono.defer(
        () -> {
          Scheduler scheduler = scheduler();
          int[] attempts = {0};
          Mono<LicenseKeyPage> attempt = attempt(page, scheduler, attempts);
          Retry retry =
              settings.customRetry() != null
                  ? settings.customRetry()
                  : new PageRetry(page, scheduler);
          return attempt.retryWhen(retry);
        });
  }

  private Mono<LicenseKeyPage> attempt(int page, Scheduler scheduler, int[] attempts) {
    Duration timeout = settings.responseTimeout();
    Mono<String> token = settings.token();
    Mono<PageBody> exchange =
        token == null
            ? Mono.defer(() -> transport.fetch(query, page, null))
            : token
                .switchIfEmpty(
                    Mono.error(() -> new IllegalStateException("the token supplier completed empty")))
                .flatMap(t -> transport.fetch(query, page, t));
    Mono<Void> budget =
        settings.rateLimiter() == null ? Mono.empty() : settings.rateLimiter().acquire(scheduler);
    return budget.then(
        Mono.defer(
            () -> {
              int n = ++attempts[0];
              long started = scheduler.now(TimeUnit.NANOSECONDS);
              return exchange
                  .timeout(timeout, scheduler)
                  .onErrorMap(e -> mapped(e, page, timeout, n))
                  .map(
                      body -> {
                        settings
                            .listener()
                            .pageFetched(
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
    public org.reactivestreams.Publisher<?> generateCompanion(
        reactor.core.publisher.Flux<RetrySignal> signals) {
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
            settings.listener().retrying(page, error.attempts(), error, delay);
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
    long base = retriesDone >= 62 ? max : Math.min(max, min << Math.min(retriesDone, 30));
    if (base < 0 || base > max) {
      base = max;
    }
    double jitter = settings.jitter();
    double factor = 1 + jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
    long delay = (long) (base * factor);
    return Duration.ofNanos(Math.max(0, Math.min(max, delay)));
  }
}
