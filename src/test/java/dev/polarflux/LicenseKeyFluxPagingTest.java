package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.internal.client.ExceptionFactory;
import dev.polarflux.internal.client.PageTransport;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** Paging semantics of {@link LicenseKeyFlux}, driven by a scripted transport. */
class LicenseKeyFluxPagingTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private static PolarClient client(FakeTransport transport) {
    return PolarClient.create(transport).token("polar_cst_test");
  }

  private static LicenseKeyQuery limit(int limit) {
    return LicenseKeyQuery.create().limit(limit);
  }

  @Test
  void assembly_withoutSubscription_sendsNothing() {
    FakeTransport fake = new FakeTransport(250);
    LicenseKeyFlux flux = client(fake).licenseKeys(limit(100));

    assertThat(flux.query().limit()).isEqualTo(100);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void subscribe_withoutDemand_sendsNothing() {
    FakeTransport fake = new FakeTransport(250);

    StepVerifier.create(client(fake).licenseKeys(limit(100)), 0)
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(50))
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void requestOne_sendsExactlyOneRequest() {
    FakeTransport fake = new FakeTransport(250);

    StepVerifier.create(client(fake).licenseKeys(limit(100)), 1)
        .expectNextCount(1)
        .expectNoEvent(Duration.ofMillis(50))
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1);
  }

  @Test
  void requestWholePage_doesNotFetchTheNextPageUntilAsked() {
    FakeTransport fake = new FakeTransport(250);

    StepVerifier.create(client(fake).licenseKeys(limit(100)), 100)
        .expectNextCount(100)
        .then(() -> assertThat(fake.requests()).containsExactly(1))
        .thenRequest(1)
        .expectNextCount(1)
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2);
  }

  @ParameterizedTest
  @CsvSource({"1, 1", "99, 1", "100, 1", "101, 2", "250, 3", "1000, 10"})
  void takeN_sendsCeilNOverLimitRequests(int n, int expectedRequests) {
    FakeTransport fake = new FakeTransport(1000);

    StepVerifier.create(client(fake).licenseKeys(limit(100)).take(n))
        .expectNextCount(n)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).hasSize(expectedRequests);
  }

  @Test
  void unboundedDemand_fetchesUntilMaxPageInOrder() {
    FakeTransport fake = new FakeTransport(250);

    List<LicenseKeyRead> keys = client(fake).licenseKeys(limit(100)).collectList().block(WAIT);

    assertThat(TestKeys.numbers(keys)).isEqualTo(TestKeys.numbers(TestKeys.keys(250)));
    assertThat(fake.requests()).containsExactly(1, 2, 3);
  }

  @Test
  void noKeys_completesAfterOneRequest() {
    FakeTransport fake = new FakeTransport(0);

    StepVerifier.create(client(fake).licenseKeys(limit(10))).expectComplete().verify(WAIT);

    assertThat(fake.requests()).containsExactly(1);
  }

  @Test
  void emptyPageBeforeMaxPage_endsTheListing() {
    FakeTransport fake = new FakeTransport(150).forcePagination(new Pagination(1000, 10));

    StepVerifier.create(client(fake).licenseKeys(limit(100)))
        .expectNextCount(150)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2, 3);
  }

  @Test
  void maxItems_capsKeysAndPages() {
    FakeTransport fake = new FakeTransport(1000);

    StepVerifier.create(client(fake).licenseKeys(limit(100).maxItems(150)))
        .expectNextCount(150)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2);
  }

  @Test
  void startPage_startsThereAndFollowsMaxPage() {
    FakeTransport fake = new FakeTransport(250);

    List<LicenseKeyRead> keys =
        client(fake).licenseKeys(limit(100).startPage(2)).collectList().block(WAIT);

    assertThat(keys).hasSize(150);
    assertThat(keys.get(0).key()).isEqualTo("POLAR-KEY-100");
    assertThat(fake.requests()).containsExactly(2, 3);
  }

  @Test
  void fromPage_resumesAtTheGivenPage() {
    FakeTransport fake = new FakeTransport(250);

    List<LicenseKeyRead> keys =
        client(fake).licenseKeys(limit(100)).fromPage(3).collectList().block(WAIT);

    assertThat(keys).hasSize(50);
    assertThat(fake.requests()).containsExactly(3);
  }

  @Test
  void resubscription_pagesAgainFromTheStart() {
    FakeTransport fake = new FakeTransport(250);
    LicenseKeyFlux flux = client(fake).licenseKeys(limit(100));

    assertThat(flux.count().block(WAIT)).isEqualTo(250);
    assertThat(flux.count().block(WAIT)).isEqualTo(250);

    assertThat(fake.requests()).containsExactly(1, 2, 3, 1, 2, 3);
  }

  @Test
  void byPage_emitsNumberedPagesWithPagination() {
    FakeTransport fake = new FakeTransport(250);

    StepVerifier.create(client(fake).licenseKeys(limit(100)).byPage())
        .assertNext(
            p -> {
              assertThat(p.page()).isEqualTo(1);
              assertThat(p.items()).hasSize(100);
              assertThat(p.pagination()).isEqualTo(new Pagination(250, 3));
              assertThat(p.isLast()).isFalse();
              assertThat(p.drifted()).isFalse();
            })
        .assertNext(p -> assertThat(p.page()).isEqualTo(2))
        .assertNext(
            p -> {
              assertThat(p.page()).isEqualTo(3);
              assertThat(p.items()).hasSize(50);
              assertThat(p.isLast()).isTrue();
            })
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void byPage_requestOne_sendsOneRequest() {
    FakeTransport fake = new FakeTransport(1000);

    StepVerifier.create(client(fake).licenseKeys(limit(100)).byPage(), 1)
        .expectNextCount(1)
        .expectNoEvent(Duration.ofMillis(50))
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1);
  }

  @Test
  void byPage_noKeys_emitsOneEmptyPageWithTotalCountZero() {
    FakeTransport fake = new FakeTransport(0);

    StepVerifier.create(client(fake).licenseKeys(limit(100)).byPage())
        .assertNext(p -> assertThat(p.pagination()).isEqualTo(new Pagination(0, 0)))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void byPage_maxItems_trimsTheLastPage() {
    FakeTransport fake = new FakeTransport(1000);

    StepVerifier.create(client(fake).licenseKeys(limit(100).maxItems(150)).byPage())
        .assertNext(p -> assertThat(p.items()).hasSize(100))
        .assertNext(p -> assertThat(p.items()).hasSize(50))
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2);
  }

  @Test
  void cancel_whilePageInFlight_cancelsItAndSendsNoMore() {
    FakeTransport fake = new FakeTransport(1000).hold();

    StepVerifier.create(client(fake).licenseKeys(limit(100)))
        .then(() -> fake.release(0))
        .expectNextCount(100)
        .then(() -> assertThat(fake.heldPages()).containsExactly(1, 2))
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.cancelled()).isEqualTo(1);
    assertThat(fake.inFlight()).isZero();
    assertThat(fake.requests()).containsExactly(1, 2);
  }

  @Test
  void concurrency_fetchesPagesAtOnceAndDeliversInPageOrder() {
    FakeTransport fake = new FakeTransport(1000).hold();
    PolarClient polar = client(fake).concurrency(4);
    List<LicenseKeyRead> received = new ArrayList<>();

    StepVerifier.create(polar.licenseKeys(limit(100)))
        .then(() -> assertThat(fake.heldPages()).containsExactly(1))
        .then(() -> fake.release(0))
        .recordWith(() -> received)
        .expectNextCount(100)
        .then(() -> assertThat(fake.heldPages()).containsExactly(1, 2, 3, 4, 5))
        // Answers arrive out of order: 5, 3, 4, then 2.
        .then(() -> fake.release(4))
        .then(() -> fake.release(2))
        .then(() -> fake.release(3))
        .expectNoEvent(Duration.ofMillis(20))
        .then(() -> fake.release(1))
        .expectNextCount(400)
        .then(() -> assertThat(fake.heldPages()).hasSize(9))
        .then(() -> fake.release(5))
        .then(() -> fake.release(6))
        .then(() -> fake.release(7))
        .then(() -> fake.release(8))
        .then(() -> assertThat(fake.heldPages()).hasSize(10))
        .then(() -> fake.release(9))
        .expectNextCount(500)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.maxInFlight()).isEqualTo(4);
    assertThat(TestKeys.numbers(received)).isEqualTo(TestKeys.numbers(TestKeys.keys(1000)));
  }

  @Test
  void concurrency_isBoundedByDemand() {
    FakeTransport fake = new FakeTransport(1000);
    PolarClient polar = client(fake).concurrency(8);

    StepVerifier.create(polar.licenseKeys(limit(100)), 150)
        .expectNextCount(150)
        .expectNoEvent(Duration.ofMillis(50))
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2);
  }

  @Test
  void concurrency_stalledSubscriber_requestsNothingMore() {
    FakeTransport fake = new FakeTransport(1000);
    PolarClient polar = client(fake).concurrency(8);

    StepVerifier.create(polar.licenseKeys(limit(100)), 100)
        .expectNextCount(100)
        .expectNoEvent(Duration.ofMillis(50))
        .then(() -> assertThat(fake.requests()).containsExactly(1))
        .thenRequest(300)
        .expectNextCount(300)
        .thenCancel()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void failedPage_deliversEarlierPagesThenTheErrorNamingThePage() {
    FakeTransport fake =
        new FakeTransport(1000)
            .failPage(3, () -> ExceptionFactory.fromResponse(401, null, "", 3, null));
    PolarClient polar = client(fake).concurrency(4);

    StepVerifier.create(polar.licenseKeys(limit(100)))
        .expectNextCount(200)
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarUnauthorizedException.class);
              assertThat(((PolarException) e).page()).isEqualTo(3);
              assertThat(((PolarException) e).attempts()).isEqualTo(1);
            })
        .verify(WAIT);

    assertThat(fake.requests()).doesNotHaveDuplicates().contains(1, 2, 3);
  }

  @Test
  void tokenSupplier_isAskedBeforeEveryRequestWithTheSubscribersContext() {
    FakeTransport fake = new FakeTransport(250);
    AtomicInteger asked = new AtomicInteger();
    PolarClient polar =
        PolarClient.create(fake)
            .token(
                Mono.deferContextual(
                    ctx -> Mono.just(ctx.get("tenant") + "-" + asked.incrementAndGet())));

    StepVerifier.create(polar.licenseKeys(limit(100)).contextWrite(Context.of("tenant", "acme")))
        .expectNextCount(250)
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.tokens()).containsExactly("acme-1", "acme-2", "acme-3");
  }

  @Test
  void emptyTokenSupplier_failsThePage() {
    FakeTransport fake = new FakeTransport(250);
    PolarClient polar = PolarClient.create(fake).token(Mono.empty());

    StepVerifier.create(polar.licenseKeys())
        .expectErrorMessage("The token supplier completed empty; page 1 was not requested")
        .verify(WAIT);

    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void driftFail_endsWithDriftErrorNamingThePage() {
    FakeTransport fake = new FakeTransport(250);
    PolarClient polar = client(fake).driftPolicy(DriftPolicy.FAIL);

    StepVerifier.create(polar.licenseKeys(limit(100)).byPage(), 1)
        .expectNextCount(1)
        .then(() -> fake.keys(TestKeys.keys(260)))
        .thenRequest(1)
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarDriftException.class);
              assertThat(((PolarException) e).page()).isEqualTo(2);
              assertThat(e.getMessage())
                  .contains("page 2 reports total_count 260 and max_page 3")
                  .contains("the first page reported 250 and 3");
            })
        .verify(WAIT);
  }

  @Test
  void driftTolerated_marksThePageAndFollowsTheNewMaxPage() {
    FakeTransport fake = new FakeTransport(250);

    StepVerifier.create(client(fake).licenseKeys(limit(100)).byPage(), 1)
        .assertNext(p -> assertThat(p.drifted()).isFalse())
        .then(() -> fake.keys(TestKeys.keys(310)))
        .thenRequest(10)
        .assertNext(p -> assertThat(p.drifted()).isTrue())
        .assertNext(p -> assertThat(p.page()).isEqualTo(3))
        .assertNext(p -> assertThat(p.page()).isEqualTo(4))
        .expectComplete()
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void dropDuplicates_dropsKeysRepeatedByAShiftedPage() {
    FakeTransport fake = new FakeTransport(200);
    List<LicenseKeyRead> shifted = new ArrayList<>(TestKeys.keys(200));
    shifted.add(0, TestKeys.key(9999));

    StepVerifier.create(client(fake).dropDuplicates(true).licenseKeys(limit(100)), 100)
        .expectNextCount(100)
        .then(() -> fake.keys(shifted))
        .thenRequest(Long.MAX_VALUE)
        .recordWith(ArrayList::new)
        .thenConsumeWhile(k -> true)
        .consumeRecordedWith(
            rest -> assertThat(TestKeys.numbers(new ArrayList<>(rest))).startsWith(100, 101))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void pagesNearIntegerMax_areRequestedUpToMaxPageAndNeverWrap() {
    List<Integer> requested = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<LicenseKeyRead> keys = TestKeys.keys(2);
    PageTransport lastPages =
        (query, page, token) -> {
          requested.add(page);
          return Mono.just(
              new dev.polarflux.internal.PageBody(
                  List.of(keys.get(page == Integer.MAX_VALUE ? 1 : 0)),
                  new Pagination(Integer.MAX_VALUE, Integer.MAX_VALUE)));
        };
    PolarClient polar = PolarClient.create(lastPages).token("t").concurrency(4);

    StepVerifier.create(polar.licenseKeys(limit(1)).fromPage(Integer.MAX_VALUE - 1))
        .expectNext(keys.get(0), keys.get(1))
        .expectComplete()
        .verify(WAIT);

    assertThat(requested).containsExactly(Integer.MAX_VALUE - 1, Integer.MAX_VALUE);
  }

  @Test
  void tokenSupplierError_failsThePageWithATypedErrorKeepingTheCauseUnretried() {
    FakeTransport fake = new FakeTransport(250);
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    IllegalStateException cause = new IllegalStateException("vault sealed");
    PolarClient polar =
        PolarClient.create(fake)
            .token(Mono.<String>error(cause).doOnSubscribe(s -> asked.incrementAndGet()));

    StepVerifier.create(polar.licenseKeys())
        .expectErrorSatisfies(
            e -> {
              assertThat(e)
                  .isInstanceOf(PolarRequestException.class)
                  .hasMessage(
                      "The token supplier failed (IllegalStateException); page 1 was not"
                          + " requested")
                  .hasCause(cause);
              assertThat(((PolarException) e).page()).isEqualTo(1);
            })
        .verify(WAIT);

    assertThat(asked).hasValue(1);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void tokenSupplierIoError_followsTheSameRuleAndIsNotRetried() {
    FakeTransport fake = new FakeTransport(250);
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    PolarClient polar =
        PolarClient.create(fake)
            .token(
                Mono.<String>error(new java.io.IOException("token endpoint down"))
                    .doOnSubscribe(s -> asked.incrementAndGet()));

    StepVerifier.create(polar.licenseKeys())
        .expectErrorSatisfies(
            e -> {
              assertThat(e)
                  .isInstanceOf(PolarRequestException.class)
                  .hasCauseInstanceOf(java.io.IOException.class);
              assertThat(((PolarException) e).isRetryable()).isFalse();
            })
        .verify(WAIT);

    assertThat(asked).hasValue(1);
  }

  @Test
  void tokenSupplierFailingOnALaterPage_namesThatPage() {
    FakeTransport fake = new FakeTransport(250);
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    PolarClient polar =
        PolarClient.create(fake)
            .token(
                Mono.defer(
                    () ->
                        asked.incrementAndGet() == 1
                            ? Mono.just("polar_cst_first")
                            : Mono.<String>empty()));

    StepVerifier.create(polar.licenseKeys(limit(100)))
        .expectNextCount(100)
        .expectErrorSatisfies(
            e -> {
              assertThat(e)
                  .isInstanceOf(PolarRequestException.class)
                  .hasMessage("The token supplier completed empty; page 2 was not requested");
              assertThat(((PolarException) e).page()).isEqualTo(2);
            })
        .verify(WAIT);

    assertThat(fake.requests()).containsExactly(1);
  }

  @Test
  void tokenSupplierThatNeverAnswers_failsThePageAfterTheResponseTimeoutUnretried() {
    FakeTransport fake = new FakeTransport(250);

    StepVerifier.withVirtualTime(
            () ->
                PolarClient.create(fake)
                    .token(Mono.never())
                    .responseTimeout(Duration.ofSeconds(2))
                    .licenseKeys())
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(2))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(PolarRequestException.class)
                    .hasMessage(
                        "The token supplier did not answer within 2s; page 1 was not requested"))
        .verify(WAIT);

    assertThat(fake.requests()).isEmpty();
  }
}
