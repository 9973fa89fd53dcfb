package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * {@link PolarClient#readAhead(int)}: bounded read-ahead for subscribers that request in small
 * batches, against a scripted transport and over real HTTP.
 */
class LicenseKeyFluxReadAheadTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static PolarClient client(FakeTransport transport) {
    return PolarClient.create(transport).token("polar_cst_test");
  }

  private static LicenseKeyQuery limit(int limit) {
    return LicenseKeyQuery.create().limit(limit);
  }

  @Test
  void readAhead_requestOne_fetchesReadAheadPagesThenStops() {
    FakeTransport fake = new FakeTransport(1000);
    PolarClient polar = client(fake).concurrency(8).readAhead(3);

    StepVerifier.create(polar.licenseKeys(limit(100)), 1)
        .expectNextCount(1)
        .expectNoEvent(Duration.ofMillis(50))
        .thenCancel()
        .verify(WAIT);

    // Page 1 for the demand, then 3 more read ahead: the stalled subscriber stops the paging.
    assertThat(fake.requests()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void readAhead_withoutDemand_sendsNothing() {
    FakeTransport fake = new FakeTransport(1000);
    PolarClient polar = client(fake).concurrency(8).readAhead(8);

    StepVerifier.create(polar.licenseKeys(limit(100)), 0)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(50))
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void readAhead_isReplenishedAsKeysAreDelivered() {
    FakeTransport fake = new FakeTransport(1000);
    PolarClient polar = client(fake).concurrency(8).readAhead(2);

    StepVerifier.create(polar.licenseKeys(limit(100)), 1)
        .expectNextCount(1)
        .then(() -> assertThat(fake.requests()).containsExactly(1, 2, 3))
        .thenRequest(99)
        .expectNextCount(99)
        // Page 1 drained: pages 2 and 3 are the 200 keys held beyond the demand.
        .then(() -> assertThat(fake.requests()).containsExactly(1, 2, 3))
        .thenRequest(150)
        .expectNextCount(150)
        .expectNoEvent(Duration.ofMillis(20))
        .thenCancel()
        .verify(WAIT);

    // 50 keys of page 3 left: pages 4 and 5 keep 250 ahead, at least the 200 read-ahead.
    assertThat(fake.requests()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void readAhead_smallBatchSubscriber_keepsConcurrencyPagesInFlightAndDeliversInOrder() {
    FakeTransport fake = new FakeTransport(1000).hold();
    PolarClient polar = client(fake).concurrency(4).readAhead(4);
    List<LicenseKeyRead> received = new ArrayList<>();

    // concatMap without prefetch: request(1), then the next request after each inner completes.
    StepVerifier.create(polar.licenseKeys(limit(100)).concatMap(Mono::just, 0))
        .then(() -> assertThat(fake.heldPages()).containsExactly(1))
        .then(() -> fake.release(0))
        .recordWith(() -> received)
        .expectNextCount(1)
        .then(() -> assertThat(fake.heldPages()).containsExactly(1, 2, 3, 4, 5))
        // Out of order: 3, 5, 4, then 2; keys still come in page order.
        .then(() -> fake.release(2))
        .then(() -> fake.release(4))
        .then(() -> fake.release(3))
        .expectNextCount(99)
        .expectNoEvent(Duration.ofMillis(20))
        .then(() -> assertThat(fake.heldPages()).hasSize(5))
        .then(() -> fake.release(1))
        .expectNextCount(400)
        .then(() -> assertThat(fake.heldPages()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9))
        .then(() -> fake.release(5))
        .then(() -> fake.release(6))
        .then(() -> fake.release(7))
        .then(() -> fake.release(8))
        .expectNextCount(400)
        .then(() -> assertThat(fake.heldPages()).hasSize(10))
        .then(() -> fake.release(9))
        .expectNextCount(100)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.maxInFlight()).isEqualTo(4);
    assertThat(fake.requests()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(TestKeys.numbers(received)).isEqualTo(TestKeys.numbers(TestKeys.keys(1000)));
  }

  @Test
  void readAhead_largerThanConcurrency_isBoundedByConcurrency() {
    FakeTransport fake = new FakeTransport(2000).hold();
    PolarClient polar = client(fake).concurrency(2).readAhead(16);

    StepVerifier.create(polar.licenseKeys(limit(100)), 1)
        .then(() -> fake.release(0))
        .expectNextCount(1)
        .expectNoEvent(Duration.ofMillis(20))
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2, 3);
    assertThat(fake.maxInFlight()).isEqualTo(2);
    assertThat(fake.inFlight()).isZero();
    assertThat(fake.cancelled()).isEqualTo(2);
  }

  @Test
  void readAhead_concurrencyOne_fetchesTheNextPageWhileTheCurrentIsDrained() {
    FakeTransport fake = new FakeTransport(1000);
    PolarClient polar = client(fake).readAhead(1);

    StepVerifier.create(polar.licenseKeys(limit(100)), 10)
        .expectNextCount(10)
        .expectNoEvent(Duration.ofMillis(20))
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2);
  }

  @Test
  void readAhead_takeN_sendsAtMostReadAheadMoreRequests() {
    FakeTransport fake = new FakeTransport(1000);
    PolarClient polar = client(fake).concurrency(8).readAhead(2);

    StepVerifier.create(polar.licenseKeys(limit(100)).take(150))
        .expectNextCount(150)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).hasSizeLessThanOrEqualTo(2 + 2).startsWith(1, 2);
  }

  @Test
  void readAhead_stopsAtMaxPageAndAtTheItemCap() {
    FakeTransport fake = new FakeTransport(250);
    PolarClient polar = client(fake).concurrency(8).readAhead(8);

    StepVerifier.create(polar.licenseKeys(limit(100)), 1)
        .expectNextCount(1)
        .thenRequest(Long.MAX_VALUE)
        .expectNextCount(249)
        .expectComplete()
        .verify(WAIT);
    StepVerifier.create(polar.licenseKeys(limit(100).maxItems(150)).limitRate(10))
        .expectNextCount(150)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2, 3, 1, 2);
  }

  @Test
  void readAhead_cancel_discardsEveryKeyFetchedButNotDelivered() {
    FakeTransport fake = new FakeTransport(1000);
    PolarClient polar = client(fake).concurrency(8).readAhead(3);
    List<LicenseKeyRead> delivered = new CopyOnWriteArrayList<>();
    List<LicenseKeyRead> discarded = new CopyOnWriteArrayList<>();

    StepVerifier.create(
            polar
                .licenseKeys(limit(100))
                .doOnNext(delivered::add)
                .doOnDiscard(LicenseKeyRead.class, discarded::add),
            30)
        .expectNextCount(30)
        .expectNoEvent(Duration.ofMillis(20))
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2, 3, 4);
    assertThat(delivered).hasSize(30);
    assertThat(TestKeys.numbers(discarded))
        .isEqualTo(TestKeys.numbers(TestKeys.keys(400).subList(30, 400)));
  }

  @Test
  void readAhead_byPage_readsAheadInPagesAndDiscardsUndeliveredPages() {
    FakeTransport fake = new FakeTransport(1000);
    PolarClient polar = client(fake).concurrency(4).readAhead(2);
    List<LicenseKeyPage> discarded = new CopyOnWriteArrayList<>();

    StepVerifier.create(
            polar
                .licenseKeys(limit(100))
                .byPage()
                .doOnDiscard(LicenseKeyPage.class, discarded::add),
            1)
        .assertNext(p -> assertThat(p.page()).isEqualTo(1))
        .expectNoEvent(Duration.ofMillis(20))
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2, 3);
    assertThat(discarded).extracting(LicenseKeyPage::page).containsExactly(2, 3);
  }

  @Test
  void readAhead_mustBeBetweenZeroAnd64() {
    PolarClient polar = PolarClient.create();

    assertThatThrownBy(() -> polar.readAhead(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readAhead must be between 0 and 64, was: -1");
    assertThatThrownBy(() -> polar.readAhead(65))
        .hasMessage("readAhead must be between 0 and 64, was: 65");
    assertThat(polar.readAhead(4).toString()).contains("readAhead=4");
    assertThat(polar.toString()).doesNotContain("readAhead");
  }

  @Test
  void readAhead_overHttp_overlapsRequestsForASmallBatchSubscriberAndFetchesEachPageOnce() {
    try (PolarTestServer server =
            PolarTestServer.builder()
                .dataset(LicenseKeyDataset.generate(2000, 7L))
                .latency(Duration.ofMillis(30))
                .build();
        PolarClient polar =
            PolarClient.create()
                .baseUrl(server.baseUrl())
                .token(server.token())
                .rateLimit(0)
                .concurrency(4)
                .readAhead(4)) {

      List<LicenseKeyRead> keys =
          polar
              .licenseKeys(limit(100))
              .limitRate(50)
              .publishOn(Schedulers.boundedElastic(), 16)
              .concatMap(Mono::just, 0)
              .collectList()
              .block(WAIT);

      assertThat(keys)
          .extracting(LicenseKeyRead::id)
          .isEqualTo(server.dataset().keys().stream().map(LicenseKeyRead::id).toList());
      assertThat(server.pagesRequested())
          .containsExactlyInAnyOrderElementsOf(Flux.range(1, 20).collectList().block(WAIT));
      assertThat(server.maxConcurrentRequests()).isBetween(2, 4);
      // Pages 2 to 5 may be asked for before page 1's connection is back in the pool.
      assertThat(server.connectionsOpened()).isBetween(2, 5);
    }
  }

  @Test
  void readAhead_overHttp_stalledSubscriberStopsThePagingAfterTheReadAhead() {
    try (PolarTestServer server = PolarTestServer.start(LicenseKeyDataset.generate(2000, 7L));
        PolarClient polar =
            PolarClient.create()
                .baseUrl(server.baseUrl())
                .token(server.token())
                .rateLimit(0)
                .concurrency(8)
                .readAhead(3)) {

      StepVerifier.create(polar.licenseKeys(limit(100)), 5)
          .expectNextCount(5)
          .expectNoEvent(Duration.ofMillis(200))
          .thenCancel()
          .verify(WAIT);

      assertThat(server.pagesRequested()).containsExactlyInAnyOrder(1, 2, 3, 4);
    }
  }
}
