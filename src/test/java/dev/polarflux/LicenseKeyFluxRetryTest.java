package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.internal.client.ExceptionFactory;
import dev.polarflux.internal.client.NettyPageTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

/** Per-page retry, back-off, Retry-After, timeouts and the deadline, in virtual time. */
class LicenseKeyFluxRetryTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private static PolarException status(int status, String retryAfter, int page) {
    return ExceptionFactory.fromResponse(status, retryAfter, "", page, null);
  }

  /** A listener that adds every back-off delay to {@code delays}. */
  private static PolarListener recordingDelays(List<Duration> delays) {
    return new PolarListener() {
      @Override
      public void retrying(int page, int attempt, PolarException error, Duration delay) {
        delays.add(delay);
      }
    };
  }

  private static PolarClient client(FakeTransport fake) {
    return PolarClient.create(fake)
        .token("polar_cst_test")
        .backoff(Duration.ofSeconds(1), Duration.ofSeconds(8));
  }

  @Test
  void transientFailures_retryThatPageOnly_andLoseNothing() {
    FakeTransport fake =
        new FakeTransport(250).failPage(2, () -> status(503, null, 2), () -> status(502, null, 2));

    StepVerifier.withVirtualTime(() -> client(fake).licenseKeys())
        .thenAwait(Duration.ofMinutes(1))
        .recordWith(java.util.ArrayList::new)
        .expectNextCount(250)
        .consumeRecordedWith(
            keys ->
                assertThat(TestKeys.numbers(List.copyOf(keys)))
                    .isEqualTo(TestKeys.numbers(TestKeys.keys(250))))
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2, 2, 2, 3);
  }

  @Test
  void connectionFailuresAndTimeouts_areRetried() {
    FakeTransport fake =
        new FakeTransport(150)
            .failPage(
                1,
                () -> new IOException("Connection reset by peer"),
                () ->
                    NettyPageTransport.classified(
                        reactor.netty.http.client.PrematureCloseException.TEST_EXCEPTION),
                TimeoutException::new);

    StepVerifier.withVirtualTime(() -> client(fake).licenseKeys())
        .thenAwait(Duration.ofMinutes(1))
        .expectNextCount(150)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 1, 1, 1, 2);
  }

  @Test
  void retriesExhausted_surfaceTheLastTypedErrorWithPageAndAttempts() {
    FakeTransport fake =
        new FakeTransport(250)
            .failPage(
                2,
                () -> status(500, null, 2),
                () -> status(500, null, 2),
                () -> status(500, null, 2),
                () -> status(504, null, 2));

    StepVerifier.withVirtualTime(() -> client(fake).retries(3).licenseKeys())
        .expectNextCount(100)
        .thenAwait(Duration.ofMinutes(1))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarServerException.class);
              PolarException pe = (PolarException) e;
              assertThat(pe.status()).isEqualTo(504);
              assertThat(pe.page()).isEqualTo(2);
              assertThat(pe.attempts()).isEqualTo(4);
              assertThat(pe.getMessage())
                  .isEqualTo("Polar answered 504 on page 2 (after 4 attempts)");
            })
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2, 2, 2, 2);
  }

  @Test
  void backoff_growsExponentiallyWithinJitter() {
    FakeTransport fake =
        new FakeTransport(50).failPage(1, () -> status(503, null, 1), () -> status(503, null, 1));
    List<Duration> delays = new CopyOnWriteArrayList<>();
    PolarListener listener = recordingDelays(delays);

    StepVerifier.withVirtualTime(() -> client(fake).listener(listener).licenseKeys())
        .thenAwait(Duration.ofMinutes(1))
        .expectNextCount(50)
        .expectComplete()
        .verify(WAIT);

    assertThat(delays).hasSize(2);
    assertThat(delays.get(0)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
    assertThat(delays.get(1)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(3000));
  }

  @Test
  void backoff_withoutJitter_doublesExactlyUpToTheMaximum() {
    FakeTransport fake =
        new FakeTransport(50)
            .failPage(
                1,
                () -> status(503, null, 1),
                () -> status(503, null, 1),
                () -> status(503, null, 1),
                () -> status(503, null, 1),
                () -> status(503, null, 1));
    List<Duration> delays = new CopyOnWriteArrayList<>();
    PolarListener listener = recordingDelays(delays);

    StepVerifier.withVirtualTime(
            () -> client(fake).retries(5).jitter(0).listener(listener).licenseKeys())
        .thenAwait(Duration.ofMinutes(1))
        .expectNextCount(50)
        .expectComplete()
        .verify(WAIT);

    assertThat(delays)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(8));
  }

  @Test
  void jitter_mustBeBetweenZeroAndOne() {
    PolarClient polar = PolarClient.create();

    assertThatThrownBy(() -> polar.jitter(-0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jitter must be between 0 and 1, was: -0.1");
    assertThatThrownBy(() -> polar.jitter(1.5))
        .hasMessage("jitter must be between 0 and 1, was: 1.5");
    assertThatThrownBy(() -> polar.jitter(Double.NaN))
        .hasMessage("jitter must be between 0 and 1, was: NaN");
  }

  @Test
  void retryAfter_replacesTheBackoff() {
    FakeTransport fake = new FakeTransport(50).failPage(1, () -> status(429, "7", 1));

    StepVerifier.withVirtualTime(() -> client(fake).licenseKeys())
        .expectSubscription()
        .thenAwait(Duration.ofMillis(6999))
        .then(() -> assertThat(fake.requests()).containsExactly(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNextCount(50)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 1);
  }

  @Test
  void retryAfterBeyondTheCap_surfacesAtOnce() {
    FakeTransport fake = new FakeTransport(50).failPage(1, () -> status(429, "60", 1));

    StepVerifier.withVirtualTime(
            () -> client(fake).maxRetryAfter(Duration.ofSeconds(10)).licenseKeys())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarRateLimitException.class);
              assertThat(((PolarRateLimitException) e).retryAfter())
                  .isEqualTo(Duration.ofSeconds(60));
              assertThat(((PolarException) e).attempts()).isEqualTo(1);
            })
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1);
  }

  @Test
  void nonTransientErrors_areNeverRetried() {
    for (int status : new int[] {400, 401, 403, 404, 409, 422}) {
      FakeTransport fake = new FakeTransport(50).failPage(1, () -> status(status, null, 1));

      StepVerifier.withVirtualTime(() -> client(fake).licenseKeys())
          .expectErrorSatisfies(e -> assertThat(((PolarException) e).status()).isEqualTo(status))
          .verify(WAIT);

      assertThat(fake.requests()).as("status %d", status).containsExactly(1);
    }
  }

  @Test
  void retriesZero_disablesRetrying() {
    FakeTransport fake = new FakeTransport(50).failPage(1, () -> status(503, null, 1));

    StepVerifier.withVirtualTime(() -> client(fake).retries(0).licenseKeys())
        .expectError(PolarServerException.class)
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1);
  }

  @Test
  void customRetry_replacesThePolicy() {
    FakeTransport fake =
        new FakeTransport(50).failPage(1, () -> status(401, null, 1), () -> status(401, null, 1));

    StepVerifier.withVirtualTime(() -> client(fake).retry(Retry.max(1)).licenseKeys())
        .expectErrorSatisfies(
            e -> {
              assertThat(Exceptions.isRetryExhausted(e)).isTrue();
              assertThat(e.getCause()).isInstanceOf(PolarUnauthorizedException.class);
            })
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 1);
  }

  @Test
  void responseTimeout_failsTheAttemptAndIsRetried() {
    FakeTransport fake = new FakeTransport(50).hold();

    StepVerifier.withVirtualTime(
            () -> client(fake).retries(1).responseTimeout(Duration.ofSeconds(2)).licenseKeys())
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(2))
        .then(() -> assertThat(fake.requests()).containsExactly(1))
        .thenAwait(Duration.ofSeconds(10))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarTimeoutException.class);
              PolarTimeoutException te = (PolarTimeoutException) e;
              assertThat(te.kind()).isEqualTo(PolarTimeoutException.Kind.RESPONSE);
              assertThat(te.page()).isEqualTo(1);
              assertThat(te.attempts()).isEqualTo(2);
              assertThat(te.getMessage())
                  .isEqualTo("No complete response within 2s on page 1 (after 2 attempts)");
            })
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 1);
    assertThat(fake.cancelled()).isEqualTo(2);
  }

  @Test
  void deadline_endsTheListingAndCancelsThePageInFlight() {
    FakeTransport fake = new FakeTransport(250).hold();

    StepVerifier.withVirtualTime(() -> client(fake).deadline(Duration.ofSeconds(5)).licenseKeys())
        .expectSubscription()
        .then(() -> fake.release(0))
        .expectNextCount(100)
        .thenAwait(Duration.ofSeconds(5))
        .expectErrorSatisfies(
            e -> {
              assertThat(e)
                  .isInstanceOf(PolarDeadlineException.class)
                  .isInstanceOf(PolarNonTransientException.class);
              PolarDeadlineException te = (PolarDeadlineException) e;
              assertThat(te.deadline()).isEqualTo(Duration.ofSeconds(5));
              assertThat(te.isRetryable()).isFalse();
              assertThat(te.page()).isEqualTo(2);
              assertThat(te.getMessage())
                  .isEqualTo(
                      "The listing did not complete within its deadline of 5s (page 2 pending)");
            })
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2);
    assertThat(fake.cancelled()).isEqualTo(1);
  }

  @Test
  void rateLimit_delaysRequestsOverTheBudget() {
    FakeTransport fake = new FakeTransport(300);

    StepVerifier.withVirtualTime(() -> client(fake).rateLimit(2).licenseKeys())
        .expectNextCount(200)
        .then(() -> assertThat(fake.requests()).containsExactly(1, 2))
        .thenAwait(Duration.ofSeconds(60))
        .then(() -> assertThat(fake.requests()).containsExactly(1, 2))
        .thenAwait(Duration.ofSeconds(1))
        .expectNextCount(100)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2, 3);
  }

  @Test
  void rateLimit_isSharedByListingsOfOneClient() {
    FakeTransport fake = new FakeTransport(50);
    PolarClient polar = client(fake).rateLimit(2);

    StepVerifier.withVirtualTime(
            () ->
                polar.licenseKeys().concatWith(polar.licenseKeys()).concatWith(polar.licenseKeys()))
        .expectNextCount(100)
        .expectNoEvent(Duration.ofSeconds(60))
        .thenAwait(Duration.ofSeconds(1))
        .expectNextCount(50)
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void rateLimited_pausesTheBudgetForEveryListingOfTheToken() {
    FakeTransport fake = new FakeTransport(50).failPage(1, () -> status(429, "7", 1));
    PolarClient polar = client(fake).rateLimit(100);

    StepVerifier.withVirtualTime(
            () ->
                polar
                    .licenseKeys()
                    .mergeWith(Mono.delay(Duration.ofSeconds(1)).thenMany(polar.licenseKeys())))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(6999))
        .then(() -> assertThat(fake.requests()).containsExactly(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNextCount(100)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 1, 1);
  }

  @Test
  void rateLimit_countsEachTokenApart() {
    FakeTransport fake = new FakeTransport(50);
    PolarClient polar = PolarClient.create(fake).rateLimit(1);

    StepVerifier.withVirtualTime(
            () ->
                Flux.concat(
                    polar.token("polar_cst_a").licenseKeys(),
                    polar.token("polar_cst_b").licenseKeys(),
                    polar.token("polar_cst_a").licenseKeys()))
        .expectNextCount(100)
        .expectNoEvent(Duration.ofSeconds(60))
        .thenAwait(Duration.ofSeconds(1))
        .expectNextCount(50)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.tokens()).containsExactly("polar_cst_a", "polar_cst_b", "polar_cst_a");
  }

  /** A budget whose first {@code failures} acquisitions fail. */
  private static RateBudget failing(int failures) {
    AtomicInteger calls = new AtomicInteger();
    return new RateBudget() {
      @Override
      public Mono<Void> acquire(RateZone zone, String identity, Scheduler scheduler) {
        return Mono.defer(
            () ->
                calls.incrementAndGet() <= failures
                    ? Mono.error(new IllegalStateException("store unreachable"))
                    : Mono.empty());
      }

      @Override
      public Mono<Void> pause(
          RateZone zone, String identity, Duration retryAfter, Scheduler scheduler) {
        return Mono.empty();
      }
    };
  }

  @Test
  void budgetThatFails_failsTheAttemptAsAConnectionError_thatIsRetried() {
    FakeTransport fake = new FakeTransport(50);

    StepVerifier.withVirtualTime(
            () -> client(fake).rateLimit(100).rateBudget(failing(1)).licenseKeys())
        .thenAwait(Duration.ofSeconds(2))
        .expectNextCount(50)
        .expectComplete()
        .verify(WAIT);
    StepVerifier.create(client(fake).rateLimit(100).rateBudget(failing(1)).retries(0).licenseKeys())
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(PolarConnectionException.class)
                    .hasMessage("The rate budget failed on page 1: store unreachable")
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .extracting(x -> ((PolarException) x).page())
                    .isEqualTo(1))
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1);
  }

  @Test
  void throwingListener_neverSwallowsTheTerminalSignal() {
    FakeTransport fake =
        new FakeTransport(250).failPage(2, () -> status(401, null, 2), () -> status(503, null, 2));
    PolarListener broken =
        new PolarListener() {
          @Override
          public void pageFetched(int page, int items, int attempts, Duration latency) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void pageFailed(int page, Throwable error) {
            throw new IllegalStateException("listener bug");
          }
        };

    StepVerifier.create(
            client(fake)
                .listener(broken)
                .licenseKeys()
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
        .expectNextCount(100)
        .expectError(PolarUnauthorizedException.class)
        .verify(WAIT);
  }

  @Test
  void retryAfterTooLargeForALong_surfacesAtOnceAsOverTheCap() {
    FakeTransport fake =
        new FakeTransport(250).failPage(1, () -> status(429, "99999999999999999999999", 1));

    StepVerifier.withVirtualTime(() -> client(fake).licenseKeys())
        .expectSubscription()
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarRateLimitException.class);
              assertThat(((PolarException) e).attempts()).isEqualTo(1);
            })
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1);
  }
}
