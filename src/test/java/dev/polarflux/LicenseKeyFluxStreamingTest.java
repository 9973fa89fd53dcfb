package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.internal.PageBody;
import dev.polarflux.internal.client.ExceptionFactory;
import dev.polarflux.internal.client.NettyPageTransport;
import dev.polarflux.internal.client.PageEvent;
import dev.polarflux.internal.client.PageTransport;
import dev.polarflux.model.LicenseKeyRead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** Paging semantics with {@link PolarClient#streaming(boolean)}: the same, key by key. */
class LicenseKeyFluxStreamingTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private static PolarClient client(FakeTransport fake) {
    return PolarClient.create(fake)
        .token("polar_cst_test")
        .streaming(true)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(2));
  }

  @Test
  void requestOne_sendsOneRequest() {
    FakeTransport fake = new FakeTransport(250);

    StepVerifier.create(client(fake).licenseKeys(), 1)
        .expectNextCount(1)
        .expectNoEvent(Duration.ofMillis(50))
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "100, 1", "101, 2", "250, 3"})
  void takeN_sendsCeilNOverLimitRequests(int n, int expected) {
    FakeTransport fake = new FakeTransport(1000);

    StepVerifier.create(client(fake).licenseKeys().take(n))
        .expectNextCount(n)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).hasSize(expected);
  }

  @Test
  void everything_arrivesInOrderAndCompletesAfterMaxPage() {
    FakeTransport fake = new FakeTransport(250);

    List<LicenseKeyRead> keys = client(fake).concurrency(8).licenseKeys().collectList().block(WAIT);

    assertThat(TestKeys.numbers(keys)).isEqualTo(TestKeys.numbers(TestKeys.keys(250)));
    assertThat(fake.requests()).containsExactly(1, 2, 3);
  }

  @Test
  void exactDemandForEveryKey_stillCompletes() {
    FakeTransport fake = new FakeTransport(250);

    StepVerifier.create(client(fake).licenseKeys(), 250)
        .expectNextCount(250)
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void noKeys_completesAfterOneRequest() {
    FakeTransport fake = new FakeTransport(0);

    StepVerifier.create(client(fake).licenseKeys()).expectComplete().verify(WAIT);

    assertThat(fake.requests()).containsExactly(1);
  }

  @Test
  void failureMidPage_isRetriedAndResumedAfterTheDeliveredKeys() {
    FakeTransport fake =
        new FakeTransport(250)
            .breakStream(
                2,
                40,
                () ->
                    NettyPageTransport.classified(
                        reactor.netty.http.client.PrematureCloseException.TEST_EXCEPTION))
            .breakStream(2, 70, () -> new java.io.IOException("reset"));
    List<LicenseKeyRead> received = new ArrayList<>();

    StepVerifier.create(client(fake).licenseKeys())
        .recordWith(() -> received)
        .expectNextCount(250)
        .expectComplete()
        .verify(WAIT);

    assertThat(TestKeys.numbers(received)).isEqualTo(TestKeys.numbers(TestKeys.keys(250)));
    assertThat(fake.requests()).containsExactly(1, 2, 2, 2, 3);
  }

  @Test
  void retriedPageThatShifted_failsWithDrift() {
    FakeTransport fake =
        new FakeTransport(250)
            .breakStream(
                2,
                40,
                () ->
                    NettyPageTransport.classified(
                        reactor.netty.http.client.PrematureCloseException.TEST_EXCEPTION));
    List<LicenseKeyRead> shifted = new ArrayList<>(TestKeys.keys(250));
    shifted.add(0, TestKeys.key(9999));

    StepVerifier.withVirtualTime(
            () -> client(fake).backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).licenseKeys())
        .expectNextCount(140)
        .then(() -> fake.keys(shifted))
        .thenAwait(Duration.ofSeconds(2))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarDriftException.class);
              assertThat(e)
                  .hasMessage(
                      "Page 2 changed between attempts: the retried page no longer starts with"
                          + " the 40 keys already read from it (after 2 attempts)");
            })
        .verify(WAIT);
  }

  @Test
  void failureAfterSomeKeys_whenRetriesRunOut_deliversThoseKeysThenTheError() {
    FakeTransport fake =
        new FakeTransport(250)
            .breakStream(1, 30, () -> ExceptionFactory.fromResponse(503, null, "", 1, null));

    StepVerifier.create(client(fake).retries(0).licenseKeys())
        .expectNextCount(30)
        .expectError(PolarServerException.class)
        .verify(WAIT);
  }

  @Test
  void byPage_deliversWholePages() {
    FakeTransport fake = new FakeTransport(250);

    StepVerifier.create(client(fake).licenseKeys().byPage())
        .assertNext(p -> assertThat(p.items()).hasSize(100))
        .assertNext(p -> assertThat(p.items()).hasSize(100))
        .assertNext(p -> assertThat(p.items()).hasSize(50))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void concurrentPages_areDeliveredInPageOrder_laterOnesAskedForOnePageAtOnce() {
    FakeTransport fake = new FakeTransport(1000).hold();
    List<LicenseKeyRead> received = new ArrayList<>();
    BaseSubscriber<LicenseKeyRead> subscriber =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(Subscription s) {
            s.request(150);
          }

          @Override
          protected void hookOnNext(LicenseKeyRead key) {
            received.add(key);
          }
        };
    client(fake).concurrency(4).readAhead(4).licenseKeys().subscribe(subscriber);

    assertThat(fake.heldPages()).containsExactly(1);
    fake.release(0);
    // Page 1 delivered; 50 keys still wanted: page 2 as the head, pages 3 to 5 read ahead.
    assertThat(received).hasSize(100);
    assertThat(fake.heldPages()).containsExactly(1, 2, 3, 4, 5);
    assertThat(fake.streamDemand(2)).isEqualTo(51);
    for (int page = 3; page <= 5; page++) {
      assertThat(fake.streamDemand(page)).as("page %d", page).isEqualTo(101);
    }
    // Later pages that arrive first wait for the head, and take no fifth slot.
    fake.release(4);
    fake.release(3);
    assertThat(received).hasSize(100);
    fake.release(1);
    assertThat(TestKeys.numbers(received))
        .isEqualTo(TestKeys.numbers(TestKeys.keys(1000).subList(0, 150)));
    assertThat(fake.heldPages()).containsExactly(1, 2, 3, 4, 5);

    subscriber.request(Long.MAX_VALUE);
    for (int i = 2; i < fake.heldPages().size(); i++) {
      if (i != 3 && i != 4) {
        fake.release(i);
      }
    }

    assertThat(TestKeys.numbers(received)).isEqualTo(TestKeys.numbers(TestKeys.keys(1000)));
    assertThat(fake.requests()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    assertThat(fake.maxInFlight()).isLessThanOrEqualTo(4);
    assertThat(subscriber.isDisposed()).isTrue();
  }

  @Test
  void concurrentPagesWithoutReadAhead_followDemandExactly() {
    FakeTransport fake = new FakeTransport(1000);

    StepVerifier.create(client(fake).concurrency(4).licenseKeys(), 150)
        .expectNextCount(150)
        .expectNoEvent(Duration.ofMillis(50))
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2);
    assertThat(fake.streamDemand(2)).isEqualTo(51);
  }

  @Test
  void concurrentPagesStreamedFromManyThreads_arriveInOrderExactlyOnce() {
    FakeTransport keys = new FakeTransport(1000);
    // Each page's keys come from a thread of their own while the subscriber requests in batches
    // from yet another: the drain loop runs on all of them.
    PageTransport threaded =
        new PageTransport() {
          @Override
          public Mono<PageBody> fetch(ListingQuery query, int page, String token) {
            return keys.fetch(query, page, token);
          }

          @Override
          public Flux<PageEvent> stream(ListingQuery query, int page, String token) {
            return keys.stream(query, page, token).subscribeOn(Schedulers.parallel());
          }
        };
    List<Integer> expected = TestKeys.numbers(TestKeys.keys(1000));

    for (int round = 0; round < 50; round++) {
      List<LicenseKeyRead> received =
          PolarClient.create(threaded)
              .streaming(true)
              .concurrency(4)
              .readAhead(round % 5)
              .licenseKeys()
              .publishOn(Schedulers.single(), 7)
              .collectList()
              .block(WAIT);

      assertThat(TestKeys.numbers(received)).as("round %d", round).isEqualTo(expected);
    }
  }
}
