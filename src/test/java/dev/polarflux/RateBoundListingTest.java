package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.internal.client.PageTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A listing bound by its request budget runs at the budget: in virtual time, with a scripted
 * transport that answers at once and enough concurrency that the budget is the only limit.
 */
class RateBoundListingTest {

  /** The budget, requests a minute. */
  private static final int BUDGET = 30;

  /** Pages in the listing: many budgets' worth, so a first burst cannot hide a slow pace. */
  private static final int PAGES = 40 * BUDGET;

  private final List<Long> sentAt = new CopyOnWriteArrayList<>();

  private PolarClient client() {
    FakeTransport fake = new FakeTransport(PAGES);
    PageTransport timed =
        (query, page, token) ->
            fake.fetch(query, page, token)
                .doOnSubscribe(
                    s -> sentAt.add(VirtualTimeScheduler.get().now(TimeUnit.MILLISECONDS)));
    return PolarClient.create(timed).token("polar_cst_test").rateLimit(BUDGET).concurrency(8);
  }

  private Duration listWholly() {
    PolarClient polar = client();
    Duration floor = Duration.ofMinutes(PAGES / BUDGET);
    return StepVerifier.withVirtualTime(() -> polar.licenseKeys(LicenseKeyQuery.create().limit(1)))
        .thenAwait(floor.multipliedBy(2))
        .expectNextCount(PAGES)
        .expectComplete()
        .verify(Duration.ofSeconds(30));
  }

  @Test
  void rateBoundListing_takesWithinFivePercentOfPagesOverBudget() {
    listWholly();

    assertThat(sentAt).hasSize(PAGES);
    double floorMs = TimeUnit.MINUTES.toMillis(PAGES / BUDGET);
    long last = sentAt.get(PAGES - 1);
    assertThat(last / floorMs).isBetween(0.95, 1.05);
  }

  @Test
  void budgetIsPerToken_aThousandCustomersGoAtOnce_oneTokenOverItsBudgetWaitsAWindow() {
    FakeTransport fake = new FakeTransport(600);
    PageTransport timed =
        (query, page, token) ->
            fake.fetch(query, page, token)
                .doOnSubscribe(
                    s -> sentAt.add(VirtualTimeScheduler.get().now(TimeUnit.MILLISECONDS)));
    PolarClient portal = PolarClient.create(timed).rateLimit(500).concurrency(8);
    LicenseKeyQuery onePerPage = LicenseKeyQuery.create().limit(1);

    StepVerifier.withVirtualTime(
            () ->
                Flux.range(0, 1000)
                    .flatMap(
                        i -> portal.token("polar_cst_customer" + i).licenseKeys(onePerPage).take(1),
                        1000))
        .expectNextCount(1000)
        .expectComplete()
        .verify(Duration.ofSeconds(30));

    assertThat(sentAt).hasSize(1000).containsOnly(0L);
    sentAt.clear();

    StepVerifier.withVirtualTime(() -> portal.token("polar_cst_one").licenseKeys(onePerPage))
        .thenAwait(Duration.ofMinutes(3))
        .expectNextCount(600)
        .expectComplete()
        .verify(Duration.ofSeconds(30));

    assertThat(sentAt).hasSize(600);
    assertThat(sentAt.subList(0, 500)).containsOnly(0L);
    assertThat(sentAt.subList(500, 600)).allMatch(t -> t >= 61_000 && t < 62_000);
  }

  @Test
  void aSuppliersTokens_areCountedApart_eachUnderItsOwnBudget() {
    FakeTransport fake = new FakeTransport(40);
    List<String> tokensSent = new java.util.concurrent.CopyOnWriteArrayList<>();
    PageTransport timed =
        (query, page, token) -> {
          tokensSent.add(token);
          return fake.fetch(query, page, token)
              .doOnSubscribe(
                  s -> sentAt.add(VirtualTimeScheduler.get().now(TimeUnit.MILLISECONDS)));
        };
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    // A supplier that serves two customers' sessions in turn: 20 requests each.
    PolarClient portal =
        PolarClient.create(timed)
            .rateLimit(20)
            .token(Mono.fromSupplier(() -> "polar_cst_session" + (asked.getAndIncrement() % 2)));
    LicenseKeyQuery onePerPage = LicenseKeyQuery.create().limit(1);

    StepVerifier.withVirtualTime(() -> portal.licenseKeys(onePerPage))
        .thenAwait(Duration.ofMinutes(3))
        .expectNextCount(40)
        .expectComplete()
        .verify(Duration.ofSeconds(30));

    // One shared "supplier" identity would hold the second 20 for a minute.
    assertThat(sentAt).hasSize(40).containsOnly(0L);
    assertThat(asked).hasValue(40);
    assertThat(tokensSent).containsOnly("polar_cst_session0", "polar_cst_session1");
  }

  @Test
  void rateBoundListing_neverExceedsTheBudgetInAnySixtySecondWindow() {
    listWholly();

    assertThat(sentAt).hasSize(PAGES);
    long window = TimeUnit.SECONDS.toMillis(60);
    int most = 0;
    for (int i = 0, j = 0; i < sentAt.size(); i++) {
      while (sentAt.get(i) - sentAt.get(j) >= window) {
        j++;
      }
      most = Math.max(most, i - j + 1);
    }
    assertThat(most).isLessThanOrEqualTo(BUDGET);
  }
}
