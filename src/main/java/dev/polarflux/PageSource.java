package dev.polarflux;

import dev.polarflux.internal.PageBody;
import dev.polarflux.model.LicenseKeyRead;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
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

  /**
   * How many times one attempt may be made again at once because a reused pooled connection closed
   * before the request was written: each such failure discards one stale connection.
   */
  static final int UNWRITTEN_RETRIES = 3;

  /** Looked up per listing, so an application's logger configuration applies when it runs. */
  private final Logger log = Loggers.getLogger("dev.polarflux");

  final ClientSettings settings;
  final PageTransport transport;
  final LicenseKeyQuery query;

  /** {@code host:port} of the server, for connection errors. */
  private final String endpoint;

  PageSource(ClientSettings settings, PageTransport transport, LicenseKeyQuery query) {
    this.settings = settings;
    this.transport = transport;
    this.query = query;
    this.endpoint = endpoint(settings.baseUrl);
  }

  private static String endpoint(String baseUrl) {
    URI uri = URI.create(baseUrl);
    int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    return uri.getHost() + ":" + port;
  }

  PageSource withQuery(LicenseKeyQuery query) {
    return new PageSource(settings, transport, query);
  }

  Scheduler scheduler() {
    Scheduler s = settings.scheduler;
    return s != null ? s : Schedulers.parallel();
  }

  /** The page, retried as configured; fails with the last attempt's error. */
  Mono<LicenseKeyPage> page(int page) {
    return PageTap.observed(
        settings.listener,
        page,
        Mono.defer(
            () -> {
              Scheduler scheduler = scheduler();
              int[] attempts = {0};
              return attempt(page, scheduler, attempts).retryWhen(retry(page, scheduler));
            }));
  }

  /** The client's own retry policy, or the built-in one for {@code page}. */
  private Retry retry(int page, Scheduler scheduler) {
    return settings.customRetry != null ? settings.customRetry : new PageRetry(page, scheduler);
  }

  /**
   * The page streamed: its keys as they are decoded, then its {@link Pagination}. A failed attempt
   * is retried like {@link #page(int)}; the retry resumes after the keys already emitted, and fails
   * with a {@link PolarDriftException} when the page no longer starts with them.
   */
  Flux<Object> streamedPage(int page) {
    return PageTap.observed(
        settings.listener,
        page,
        Flux.defer(
            () -> {
              Scheduler scheduler = scheduler();
              int[] attempts = {0};
              Resumption resumption = new Resumption(page, scheduler);
              return budget(page, scheduler, attempts)
                  .thenMany(
                      Flux.defer(
                          () -> {
                            int n = ++attempts[0];
                            return unwrittenRetried(
                                    page,
                                    UNWRITTEN_RETRIES,
                                    exchange -> timedStream(page, scheduler, exchange))
                                .onErrorMap(e -> attempted(e, page, settings.responseTimeout, n))
                                .onErrorResume(e -> pausedBudget(e, scheduler))
                                .handle(resumption.attempt(n));
                          }))
                  .retryWhen(retry(page, scheduler))
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
    void delivered(Object event) {
      if (event instanceof LicenseKeyRead key) {
        delivered.add(key.id());
      }
    }

    /** The filter of attempt {@code n}: started now, after the keys delivered so far. */
    BiConsumer<Object, SynchronousSink<Object>> attempt(int n) {
      return new Attempt(n, delivered.size(), scheduler.now(TimeUnit.NANOSECONDS));
    }

    private final class Attempt implements BiConsumer<Object, SynchronousSink<Object>> {
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
      public void accept(Object event, SynchronousSink<Object> sink) {
        if (event instanceof LicenseKeyRead key) {
          int i = seen++;
          if (i >= skip) {
            sink.next(key);
          } else if (!key.id().equals(delivered.get(i))) {
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
    if (log.isDebugEnabled()) {
      log.debug(
          "page {} fetched: status 200, attempt {}, {} ms, {} keys",
          page,
          attempts,
          latency.toMillis(),
          items);
    }
    PolarListener listener = settings.listener;
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
    PolarListener listener = settings.listener;
    notify(() -> listener.retrying(page, error.attempts(), error, delay));
  }

  /** Logs a page that failed for good and tells the listener. */
  void failed(int page, Throwable error) {
    if (log.isDebugEnabled()) {
      log.debug("page {} failed: {}", page, error.toString());
    }
    PolarListener listener = settings.listener;
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
                + " keys already read from it",
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
    RateZone zone = settings.rateZone;
    if (zone == null) {
      return Mono.empty();
    }
    return settings
        .rateBudget
        .acquire(zone, settings.budgetIdentity, scheduler)
        .onErrorMap(
            e -> !(e instanceof PolarException),
            e -> {
              PolarConnectionException failed = ExceptionFactory.budgetFailed(page, e);
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
    RateZone zone = settings.rateZone;
    if (zone == null
        || !(error instanceof PolarRateLimitException limited)
        || limited.retryAfter() == null) {
      return Mono.error(error);
    }
    Duration pause =
        limited.retryAfter().compareTo(settings.maxRetryAfter) > 0
            ? settings.maxRetryAfter
            : limited.retryAfter();
    if (pause.isZero() || pause.isNegative()) {
      return Mono.error(error);
    }
    return settings
        .rateBudget
        .pause(zone, settings.budgetIdentity, pause, scheduler)
        .onErrorResume(
            e -> {
              log.warn("could not pause the rate budget after a 429: {}", e.toString());
              return Mono.empty();
            })
        .then(Mono.error(error));
  }

  /**
   * The supplier's token for {@code page}, checked: a failure, no answer within the response
   * timeout, an empty completion or a value that cannot be sent becomes a {@link
   * PolarRequestException}, never retried.
   */
  private Mono<String> requireToken(Mono<String> token, int page, Scheduler scheduler) {
    Duration timeout = settings.responseTimeout;
    return token
        .timeout(timeout, scheduler)
        .onErrorMap(
            e ->
                ExceptionFactory.tokenSupplier(
                    e instanceof TimeoutException
                        ? "did not answer within " + ExceptionFactory.describe(timeout)
                        : "failed (" + e.getClass().getSimpleName() + ")",
                    page,
                    e))
        .switchIfEmpty(
            Mono.error(() -> ExceptionFactory.tokenSupplier("completed empty", page, null)))
        .handle(
            (value, sink) -> {
              String problem = HeaderValues.problem(value, true);
              if (problem == null) {
                sink.next(value);
              } else {
                sink.error(
                    ExceptionFactory.tokenSupplier("supplied a token that " + problem, page, null));
              }
            });
  }

  private Mono<LicenseKeyPage> attempt(int page, Scheduler scheduler, int[] attempts) {
    Duration timeout = settings.responseTimeout;
    return budget(page, scheduler, attempts)
        .then(
            Mono.defer(
                () -> {
                  int n = ++attempts[0];
                  long started = scheduler.now(TimeUnit.NANOSECONDS);
                  return unwrittenRetried(
                          page,
                          UNWRITTEN_RETRIES,
                          exchange -> timedFetch(page, scheduler, exchange))
                      .singleOrEmpty()
                      .onErrorMap(e -> attempted(e, page, timeout, n))
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

  /**
   * One request of a page, its response timeout started when the request is about to be written:
   * the wait for a pooled connection is the pool's to limit. Once the status is known, a timeout
   * fails with the error the status decided.
   */
  private Mono<PageBody> timedFetch(int page, Scheduler scheduler, Exchange exchange) {
    Duration timeout = settings.responseTimeout;
    return withToken(
            page, scheduler, exchange, token -> transport.fetch(query, page, token, exchange))
        .single()
        .timeout(exchange.whenSending().then(Mono.delay(timeout, scheduler)))
        .onErrorMap(exchange::timedOut)
        .onErrorMap(e -> mappedInExchange(e, page, exchange));
  }

  /** Like {@link #timedFetch}, the timeout bounding each wait for a wanted key. */
  private Flux<Object> timedStream(int page, Scheduler scheduler, Exchange exchange) {
    Flux<Object> streamed =
        withToken(
            page, scheduler, exchange, token -> transport.stream(query, page, token, exchange));
    return new DemandTimeout<>(
            streamed, settings.responseTimeout, scheduler, exchange.whenSending())
        .onErrorMap(exchange::timedOut)
        .onErrorMap(e -> mappedInExchange(e, page, exchange));
  }

  /**
   * Maps a failure while the token the exchange used is known, so that it is redacted from what the
   * failure quotes; a failure that may still be sent again at once stays as it is.
   */
  private Throwable mappedInExchange(Throwable e, int page, Exchange exchange) {
    return exchange.unwrittenOnReusedConnection(e)
        ? e
        : mapped(e, page, settings.responseTimeout, exchange.token());
  }

  /**
   * Asks the token supplier, if any, within the response timeout, and makes the request with the
   * token.
   */
  private <T> Flux<T> withToken(
      int page, Scheduler scheduler, Exchange exchange, Function<String, Publisher<T>> request) {
    Mono<String> token = settings.token;
    if (token == null) {
      return Flux.defer(() -> request.apply(null));
    }
    return requireToken(token, page, scheduler).doOnNext(exchange::token).flatMapMany(request);
  }

  /**
   * Makes one request; should it fail before it was written whole, on a pooled connection that had
   * served earlier requests (one the server closed while it was idle), makes it again at once, up
   * to {@code left} times: the server cannot have seen it, so no back-off is due and no attempt is
   * counted.
   */
  private <T> Flux<T> unwrittenRetried(
      int page, int left, Function<Exchange, Publisher<T>> request) {
    return Flux.defer(
        () -> {
          Exchange exchange = new Exchange();
          return Flux.from(request.apply(exchange))
              .onErrorResume(
                  e -> left > 0 && exchange.unwrittenOnReusedConnection(e),
                  e -> {
                    if (log.isDebugEnabled()) {
                      log.debug(
                          "page {}: a pooled connection closed before the request was written,"
                              + " sending it again at once: {}",
                          page,
                          e.toString());
                    }
                    return unwrittenRetried(page, left - 1, request);
                  });
        });
  }

  /** Maps a failure of the exchange; {@code token} is redacted from what it quotes. */
  private Throwable mapped(Throwable e, int page, Duration timeout, String token) {
    return ExceptionFactory.fromFailure(e, page, timeout, endpoint, token);
  }

  /** Maps a failure of attempt {@code attempt} and records the attempt in it. */
  private Throwable attempted(Throwable e, int page, Duration timeout, int attempt) {
    Throwable t = mapped(e, page, timeout, null);
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
            if (retriesDone >= settings.maxRetries) {
              return Mono.error(failure);
            }
            Duration requested = retryAfter(error);
            Duration delay;
            if (requested != null) {
              if (requested.compareTo(settings.maxRetryAfter) > 0) {
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
    long min = settings.minBackoff.toNanos();
    long max = settings.maxBackoff.toNanos();
    // In floating point, so that a large minimum or many retries cannot overflow.
    double exponential = min * Math.pow(2, Math.min(retriesDone, 62));
    long base = exponential >= max ? max : (long) exponential;
    double jitter = settings.jitter;
    double factor = 1 + jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
    long delay = (long) (base * factor);
    return Duration.ofNanos(Math.max(0, Math.min(max, delay)));
  }
}
