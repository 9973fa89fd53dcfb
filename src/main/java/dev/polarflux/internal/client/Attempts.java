package dev.polarflux.internal.client;

import dev.polarflux.PolarConnectionException;
import dev.polarflux.PolarException;
import dev.polarflux.PolarListener;
import dev.polarflux.PolarRateLimitException;
import dev.polarflux.PolarRequestException;
import dev.polarflux.PolarServerException;
import dev.polarflux.RateZone;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.retry.Retry;

/**
 * What every request shares, a page of a listing or a single-key operation: the token asked for,
 * the rate budget waited for, the response timeout started when the request goes out, a stale
 * pooled connection replaced at once, failures mapped to {@link PolarException}s naming their
 * {@link Site}, and the retry policy.
 */
public final class Attempts {

  /**
   * How many times one attempt may be made again at once because a reused pooled connection closed
   * before the request was written: each such failure discards one stale connection.
   */
  static final int UNWRITTEN_RETRIES = 3;

  /** Looked up per listing, so an application's logger configuration applies when it runs. */
  private final Logger log = Loggers.getLogger("dev.polarflux");

  final ClientSettings settings;
  final PageTransport transport;

  /** {@code host:port} of the server, for connection errors. */
  private final String endpoint;

  Attempts(ClientSettings settings, PageTransport transport) {
    this.settings = settings;
    this.transport = transport;
    this.endpoint = endpoint(settings.baseUrl);
  }

  private static String endpoint(String baseUrl) {
    URI uri = URI.create(baseUrl);
    int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    return uri.getHost() + ":" + port;
  }

  Scheduler scheduler() {
    Scheduler s = settings.scheduler;
    return s != null ? s : Schedulers.parallel();
  }

  Logger log() {
    return log;
  }

  /**
   * Which budgets a request takes a slot from: the zones, in order, all counted for one identity.
   *
   * @param zones the zones; empty for no budget
   * @param identity the hashed token, or a fixed name for requests without one
   */
  public record Budget(List<RateZone> zones, String identity) {
    static final Budget NONE = new Budget(List.of(), "none");

    /** The client's {@code /v1} budget for its own token; none when the client has no budget. */
    static Budget of(ClientSettings settings) {
      return settings.rateZone == null
          ? NONE
          : new Budget(List.of(settings.rateZone), settings.budgetIdentity);
    }
  }

  /**
   * Whether a failed request may be sent again: any transient failure, or — for a request that
   * changes state — only one that surely did not reach Polar.
   */
  public enum Safety {
    /** Reads, and changes that repeat to the same end: every transient failure is retried. */
    IDEMPOTENT,
    /**
     * A change that must not happen twice: retried only after a 429, or when the request was not
     * written whole (no connection, the pool's limit, a connection closed before the request went
     * out, a budget that failed).
     */
    NOT_REPEATABLE
  }

  /**
   * One request attempt, given its number (from 1), the exchange that times it and the token it
   * carries ({@code null} for none).
   */
  @FunctionalInterface
  interface Request<T> {
    Publisher<T> send(int attempt, Exchange exchange, String token);
  }

  /**
   * One attempt of {@code site}: the token asked for (unless {@code anonymous}), a slot of the
   * budget waited for — counted for that very token, so that a supplier's tokens are counted apart
   * — the attempt counted in {@code made}, the request made (again at once should a stale pooled
   * connection close before it was written), its failure mapped and numbered, and a 429 pausing the
   * budget.
   */
  <T> Flux<T> attempt(
      Site site,
      Budget budget,
      boolean anonymous,
      Scheduler scheduler,
      int[] made,
      Request<T> request) {
    Mono<String> token =
        anonymous || settings.token == null
            ? Mono.just("")
            : requireToken(settings.token, site, scheduler);
    return token.flatMapMany(
        t -> {
          String bearer = t.isEmpty() ? null : t;
          Budget counted = countedFor(budget, bearer);
          return budget(site, counted, scheduler, made)
              .thenMany(
                  Flux.defer(
                      () -> {
                        int n = ++made[0];
                        return unwrittenRetried(
                                site,
                                UNWRITTEN_RETRIES,
                                exchange -> {
                                  exchange.token(bearer);
                                  return request.send(n, exchange, bearer);
                                })
                            .onErrorMap(e -> attempted(e, site, n))
                            .onErrorResume(e -> pausedBudget(e, counted, scheduler));
                      }));
        });
  }

  /**
   * The identity a budget counts a token under: the first 128 bits of its SHA-256, in hex, so that
   * neither memory nor a shared store ever holds the token.
   *
   * @param token the token
   * @return 32 hex digits
   */
  public static String budgetIdentity(String token) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** A budget counted for a supplier's token is counted for the token it supplied. */
  private static Budget countedFor(Budget budget, String bearer) {
    return bearer != null && budget.identity().equals(ClientSettings.SUPPLIER_IDENTITY)
        ? new Budget(budget.zones(), budgetIdentity(bearer))
        : budget;
  }

  /** The client's own retry policy, or the built-in one, for {@code site}. */
  Retry retry(Site site, Scheduler scheduler, Safety safety) {
    Retry policy =
        settings.customRetry != null ? settings.customRetry : new BuiltInRetry(site, scheduler);
    return safety == Safety.IDEMPOTENT ? policy : new OnlyUnsent(policy);
  }

  /** Tells whether {@code error} proves the request never took effect at Polar. */
  static boolean surelyNotActedOn(Throwable error) {
    return error instanceof PolarRateLimitException
        || (error instanceof PolarException e && e.unsent());
  }

  /** Lets through to a policy only the failures of requests that surely did not take effect. */
  private static final class OnlyUnsent extends Retry {
    private final Retry policy;

    OnlyUnsent(Retry policy) {
      this.policy = policy;
    }

    @Override
    public Publisher<?> generateCompanion(Flux<RetrySignal> signals) {
      return policy.generateCompanion(
          signals.concatMap(
              signal ->
                  surelyNotActedOn(signal.failure())
                      ? Mono.just(signal.copy())
                      : Mono.error(signal.failure())));
    }
  }

  /** Runs a listener callback; a listener that throws is logged and never breaks the listing. */
  void notify(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.warn("a PolarListener threw, ignored: {}", e.toString());
    }
  }

  /** Logs a retry and tells the listener. */
  void retrying(Site site, PolarException error, Duration delay) {
    log.warn(
        "{} attempt {} failed, retrying in {} ms: {}",
        site.subject(),
        error.attempts(),
        delay.toMillis(),
        error.getMessage());
    PolarListener listener = settings.listener;
    notify(() -> listener.retrying(site.page(), error.attempts(), error, delay));
  }

  /**
   * Waits for a slot in every zone of the budget. A budget that cannot be consulted fails the
   * attempt with a {@link PolarConnectionException}, which counts as an attempt, was surely not
   * sent, and is retried like a failed connection.
   */
  Mono<Void> budget(Site site, Budget budget, Scheduler scheduler, int[] attempts) {
    if (budget.zones().isEmpty()) {
      return Mono.empty();
    }
    return Flux.fromIterable(budget.zones())
        .concatMap(zone -> settings.rateBudget.acquire(zone, budget.identity(), scheduler))
        .then()
        .onErrorMap(
            e -> !(e instanceof PolarException),
            e -> {
              PolarConnectionException failed = ExceptionFactory.budgetFailed(site, e);
              Errors.get().attempts(failed, ++attempts[0]);
              Errors.get().markUnsent(failed);
              return failed;
            });
  }

  /**
   * After a 429 with {@code Retry-After}, pauses every zone of the budget for that long (at most
   * {@code maxRetryAfter}), so that no request of this identity, in any listing or operation that
   * shares the budget, goes before then; then fails with the same error.
   */
  <T> Mono<T> pausedBudget(Throwable error, Budget budget, Scheduler scheduler) {
    if (budget.zones().isEmpty()
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
    return Flux.fromIterable(budget.zones())
        .concatMap(zone -> settings.rateBudget.pause(zone, budget.identity(), pause, scheduler))
        .then()
        .onErrorResume(
            e -> {
              log.warn("could not pause the rate budget after a 429: {}", e.toString());
              return Mono.empty();
            })
        .then(Mono.error(error));
  }

  /**
   * The supplier's token, checked: a failure, no answer within the response timeout, an empty
   * completion or a value that cannot be sent becomes a {@link PolarRequestException}, never
   * retried.
   */
  private Mono<String> requireToken(Mono<String> token, Site site, Scheduler scheduler) {
    Duration timeout = settings.responseTimeout;
    return token
        .timeout(timeout, scheduler)
        .onErrorMap(
            e ->
                ExceptionFactory.tokenSupplier(
                    e instanceof TimeoutException
                        ? "did not answer within " + ExceptionFactory.describe(timeout)
                        : "failed (" + e.getClass().getSimpleName() + ")",
                    site,
                    e))
        .switchIfEmpty(
            Mono.error(() -> ExceptionFactory.tokenSupplier("completed empty", site, null)))
        .handle(
            (value, sink) -> {
              String problem = HeaderValues.problem(value, true);
              if (problem == null) {
                sink.next(value);
              } else {
                sink.error(
                    ExceptionFactory.tokenSupplier("supplied a token that " + problem, site, null));
              }
            });
  }

  /**
   * One request with a single answer, its response timeout started when the request is about to be
   * written: the wait for a pooled connection is the pool's to limit. Once the status is known, a
   * timeout fails with the error the status decided.
   */
  <T> Mono<T> timed(Site site, Scheduler scheduler, Exchange exchange, Publisher<T> request) {
    return Mono.from(request)
        .timeout(exchange.whenSending().then(Mono.delay(settings.responseTimeout, scheduler)))
        .onErrorMap(exchange::timedOut)
        .onErrorMap(e -> mappedInExchange(e, site, exchange));
  }

  /**
   * Makes one request; should it fail before it was written whole, on a pooled connection that had
   * served earlier requests (one the server closed while it was idle), makes it again at once, up
   * to {@code left} times: the server cannot have seen it, so no back-off is due and no attempt is
   * counted.
   */
  <T> Flux<T> unwrittenRetried(Site site, int left, Function<Exchange, Publisher<T>> request) {
    return Flux.defer(
        () -> {
          Exchange exchange = new Exchange();
          return Flux.from(request.apply(exchange))
              .onErrorResume(
                  e -> left > 0 && exchange.unwrittenOnReusedConnection(e),
                  e -> {
                    if (log.isDebugEnabled()) {
                      log.debug(
                          "{}: a pooled connection closed before the request was written,"
                              + " sending it again at once: {}",
                          site.subject(),
                          e.toString());
                    }
                    return unwrittenRetried(site, left - 1, request);
                  });
        });
  }

  /**
   * Maps a failure while the token the exchange used is known, so that it is redacted from what the
   * failure quotes, and marks it unsent when the request was not written whole; a failure that may
   * still be sent again at once stays as it is.
   */
  Throwable mappedInExchange(Throwable e, Site site, Exchange exchange) {
    if (exchange.unwrittenOnReusedConnection(e)) {
      return e;
    }
    Throwable mapped =
        ExceptionFactory.fromFailure(e, site, settings.responseTimeout, endpoint, exchange.token());
    if (mapped instanceof PolarException pe && !exchange.writtenWhole() && pe.status() == 0) {
      Errors.get().markUnsent(pe);
    }
    return mapped;
  }

  /** Maps a failure of attempt {@code attempt} and records the attempt in it. */
  Throwable attempted(Throwable e, Site site, int attempt) {
    Throwable t = ExceptionFactory.fromFailure(e, site, settings.responseTimeout, endpoint, null);
    if (t instanceof PolarException pe) {
      Errors.get().attempts(pe, attempt);
    }
    return t;
  }

  /** The built-in policy: transient errors only, exponential back-off, {@code Retry-After}. */
  private final class BuiltInRetry extends Retry {
    private final Site site;
    private final Scheduler scheduler;

    BuiltInRetry(Site site, Scheduler scheduler) {
      this.site = site;
      this.scheduler = scheduler;
    }

    @Override
    public Publisher<?> generateCompanion(Flux<RetrySignal> signals) {
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
              delay = Attempts.this.backoff(retriesDone);
            }
            retrying(site, error, delay);
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
