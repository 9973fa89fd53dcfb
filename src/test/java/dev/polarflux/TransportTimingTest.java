package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.internal.PageBody;
import dev.polarflux.internal.client.Exchange;
import dev.polarflux.internal.client.PageTransport;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/**
 * When the response timeout runs, and what a request that timed out reports, over real HTTP on
 * 127.0.0.1.
 */
class TransportTimingTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final AtomicInteger served = new AtomicInteger();
  private DisposableServer endless;

  @AfterEach
  void stop() {
    if (endless != null) {
      endless.disposeNow();
    }
  }

  /** A server answering {@code status} with its headers and the start of a body, then nothing. */
  private String endlessBody(int status, String retryAfter) {
    return endlessBody(status, retryAfter, "application/json");
  }

  private String endlessBody(int status, String retryAfter, String contentType) {
    endless =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) -> {
                  served.incrementAndGet();
                  response.status(status).header("content-type", contentType);
                  if (retryAfter != null) {
                    response.header("retry-after", retryAfter);
                  }
                  return response.sendString(Flux.just("{\"detail\":\"").concatWith(Flux.never()));
                })
            .bindNow();
    return "http://127.0.0.1:" + endless.port();
  }

  private static PolarClient client(String baseUrl) {
    return PolarClient.create()
        .baseUrl(baseUrl)
        .token("t")
        .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .responseTimeout(Duration.ofSeconds(1));
  }

  @Test
  void status503_whoseBodyNeverEnds_failsAsAServerErrorWithItsStatus() {
    try (PolarClient polar = client(endlessBody(503, null)).retries(0)) {
      StepVerifier.create(polar.licenseKeys())
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isExactlyInstanceOf(PolarServerException.class);
                assertThat(((PolarException) e).status()).isEqualTo(503);
                assertThat(((PolarException) e).page()).isEqualTo(1);
                assertThat(e.getMessage()).startsWith("Polar answered 503 on page 1");
              })
          .verify(WAIT);
    }
    assertThat(served).hasValue(1);
  }

  @Test
  void status503_whoseBodyNeverEnds_isRetriedAsAServerError() {
    try (PolarClient polar = client(endlessBody(503, null)).retries(2)) {
      StepVerifier.create(polar.licenseKeys())
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isExactlyInstanceOf(PolarServerException.class);
                assertThat(((PolarException) e).attempts()).isEqualTo(3);
              })
          .verify(WAIT);
    }
    assertThat(served).hasValue(3);
  }

  @Test
  void status429_whoseBodyNeverEnds_failsAsARateLimitWithItsRetryAfter() {
    try (PolarClient polar = client(endlessBody(429, "7")).retries(0)) {
      StepVerifier.create(polar.licenseKeys())
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isExactlyInstanceOf(PolarRateLimitException.class);
                assertThat(((PolarRateLimitException) e).retryAfter())
                    .isEqualTo(Duration.ofSeconds(7));
              })
          .verify(WAIT);
    }
  }

  @Test
  void status401_whoseBodyNeverEnds_failsUnauthorizedWithoutRetry() {
    try (PolarClient polar = client(endlessBody(401, null))) {
      StepVerifier.create(polar.licenseKeys())
          .expectError(PolarUnauthorizedException.class)
          .verify(WAIT);
    }
    assertThat(served).hasValue(1);
  }

  @Test
  void status200_ofHtmlWhoseBodyNeverEnds_failsAsUndecodableWithoutRetry() {
    try (PolarClient polar = client(endlessBody(200, null, "text/html"))) {
      StepVerifier.create(polar.licenseKeys())
          .expectErrorSatisfies(
              e ->
                  assertThat(e)
                      .isExactlyInstanceOf(PolarDecodingException.class)
                      .hasMessageContaining("expected application/json, got text/html"))
          .verify(WAIT);
    }
    assertThat(served).hasValue(1);
  }

  @Test
  void streaming_status503_whoseBodyNeverEnds_isRetriedAsAServerError() {
    try (PolarClient polar = client(endlessBody(503, null)).streaming(true).retries(1)) {
      StepVerifier.create(polar.licenseKeys())
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isExactlyInstanceOf(PolarServerException.class);
                assertThat(((PolarException) e).status()).isEqualTo(503);
                assertThat(((PolarException) e).attempts()).isEqualTo(2);
              })
          .verify(WAIT);
    }
    assertThat(served).hasValue(2);
  }

  @Test
  void streaming_status401_whoseBodyNeverEnds_failsUnauthorized() {
    try (PolarClient polar = client(endlessBody(401, null)).streaming(true)) {
      StepVerifier.create(polar.licenseKeys())
          .expectError(PolarUnauthorizedException.class)
          .verify(WAIT);
    }
    assertThat(served).hasValue(1);
  }

  /** Counts attempts the client made and retries it scheduled. */
  private static final class Attempts implements PolarListener {
    final AtomicInteger fetchedAttempts = new AtomicInteger();
    final List<PolarException> retried = new CopyOnWriteArrayList<>();

    @Override
    public void pageFetched(int page, int items, int attempts, Duration latency) {
      fetchedAttempts.addAndGet(attempts);
    }

    @Override
    public void retrying(int page, int attempt, PolarException error, Duration delay) {
      retried.add(error);
    }
  }

  @Test
  void listingsQueuedForASmallPool_spendNoResponseTimeoutWaitingForAConnection() {
    checkQueuedListings(false);
  }

  @Test
  void streaming_listingsQueuedForASmallPool_spendNoResponseTimeoutWaitingForAConnection() {
    checkQueuedListings(true);
  }

  /**
   * Forty one-page listings share two connections to a server that takes 100 ms a request: the last
   * ones wait about two seconds for a connection, twice their response timeout.
   */
  private static void checkQueuedListings(boolean streaming) {
    Attempts attempts = new Attempts();
    try (PolarTestServer server =
            PolarTestServer.builder()
                .dataset(LicenseKeyDataset.generate(3, 5L))
                .latency(Duration.ofMillis(100))
                .build();
        PolarClient polar =
            PolarClient.create(2, Duration.ofSeconds(30))
                .baseUrl(server.baseUrl())
                .token(server.token())
                .streaming(streaming)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .responseTimeout(Duration.ofSeconds(1))
                .listener(attempts)) {
      List<Integer> sizes =
          Flux.range(0, 40)
              .flatMap(i -> polar.licenseKeys().collectList().map(List::size), 40)
              .collectList()
              .block(WAIT);

      assertThat(sizes).hasSize(40).containsOnly(3);
      assertThat(attempts.retried).isEmpty();
      assertThat(attempts.fetchedAttempts).hasValue(40);
      assertThat(server.requestCount()).isEqualTo(40);
    }
  }

  /** Answers at once, but only after the request waited {@code queued} to be sent. */
  private static final class QueuedTransport implements PageTransport {
    private final FakeTransport pages = new FakeTransport(3);
    private final Duration queued;

    QueuedTransport(Duration queued) {
      this.queued = queued;
    }

    @Override
    public Mono<PageBody> fetch(ListingQuery query, int page, String token) {
      return pages.fetch(query, page, token);
    }

    @Override
    public Mono<PageBody> fetch(ListingQuery query, int page, String token, Exchange exchange) {
      return Mono.delay(queued)
          .doOnNext(
              waited -> {
                exchange.sending(false);
                exchange.written();
              })
          .then(Mono.delay(Duration.ofSeconds(1)))
          .then(pages.fetch(query, page, token));
    }
  }

  @Test
  void timeWaitingToBeSent_isNotCountedByTheResponseTimeout() {
    QueuedTransport transport = new QueuedTransport(Duration.ofMinutes(5));
    Attempts attempts = new Attempts();

    StepVerifier.withVirtualTime(
            () ->
                PolarClient.create(transport)
                    .responseTimeout(Duration.ofSeconds(2))
                    .listener(attempts)
                    .licenseKeys())
        .thenAwait(Duration.ofMinutes(6))
        .expectNextCount(3)
        .expectComplete()
        .verify(WAIT);

    assertThat(attempts.retried).isEmpty();
    assertThat(attempts.fetchedAttempts).hasValue(1);
  }

  @Test
  void waitForAPooledConnectionBeyondItsLimit_failsAsAConnectTimeoutNamingThePage() {
    try (PolarTestServer server =
            PolarTestServer.builder().dataset(LicenseKeyDataset.generate(3, 5L)).build();
        PolarClient polar =
            PolarClient.create(1, Duration.ofMillis(200))
                .baseUrl(server.baseUrl())
                .token(server.token())
                .retries(0)
                .responseTimeout(Duration.ofSeconds(10))) {
      server.faults().next(Fault.delay(Duration.ofSeconds(3)));
      StepVerifier.create(
              Flux.merge(
                  polar.licenseKeys(),
                  Flux.defer(
                      () -> {
                        Eventually.holds(() -> server.requestCount() == 1);
                        return polar.licenseKeys(LicenseKeyQuery.create().limit(2));
                      })))
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isExactlyInstanceOf(PolarTimeoutException.class);
                assertThat(((PolarTimeoutException) e).kind())
                    .isEqualTo(PolarTimeoutException.Kind.CONNECT);
                assertThat(((PolarTimeoutException) e).limit()).isEqualTo(Duration.ofMillis(200));
                assertThat(e.getMessage())
                    .isEqualTo("No connection of the pool became free within 200ms on page 1");
              })
          .verify(WAIT);
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }
}
