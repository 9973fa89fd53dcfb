package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.FaultPlan;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * 10,000 keys over 100 pages with 30 % of the requests faulted, every fault of a kind a retry can
 * fix: every key arrives exactly once, in order, and no page is requested after it succeeded.
 */
class SoakTest {

  private static final Fault[] RETRYABLE = {
    Fault.status(500),
    Fault.status(502),
    Fault.status(503),
    Fault.status(504),
    Fault.status(503, "0"),
    Fault.rateLimited("0"),
    Fault.resetBeforeHeaders(),
    Fault.resetAfterHeaders(),
    Fault.truncatedBody(),
    Fault.delay(Duration.ofSeconds(5)),
  };

  private static PolarTestServer server;

  @BeforeAll
  static void start() {
    server = PolarTestServer.start(LicenseKeyDataset.generate(10_000, 2026L));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private PolarClient client(int retries) {
    return PolarClient.create()
        .baseUrl(server.baseUrl())
        .token(server.token())
        .rateLimit(0)
        .retries(retries)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(10))
        .responseTimeout(Duration.ofSeconds(1));
  }

  @Test
  void thirtyPercentFaults_everyKeyOnceInOrder_noPageRefetchedAfterSuccess() {
    server.clearRequests();
    FaultPlan faults = server.faults().clear().random(7L, 0.30, RETRYABLE);
    AtomicInteger retries = new AtomicInteger();
    List<LicenseKeyRead> received = new ArrayList<>();

    try (PolarClient polar =
        client(12)
            .listener(
                new PolarListener() {
                  @Override
                  public void retrying(int page, int attempt, PolarException e, Duration d) {
                    retries.incrementAndGet();
                  }
                })) {
      StepVerifier.create(polar.licenseKeys())
          .recordWith(() -> received)
          .expectNextCount(10_000)
          .expectComplete()
          .verify(Duration.ofSeconds(50));
    }

    assertThat(received).isEqualTo(server.dataset().keys());
    List<Integer> pages = server.pagesRequested();
    int injected = faults.injected();
    Map<String, Integer> byKind = faults.injectedByKind();
    System.out.printf(
        "soak: %d requests, %d faults injected %s, %d retries, %d keys delivered%n",
        pages.size(), injected, byKind, retries.get(), received.size());
    assertThat(injected).isGreaterThan(20);
    assertThat(byKind.keySet()).hasSizeGreaterThanOrEqualTo(8);
    // Every faulted request was retried exactly once more and no successful page was repeated:
    // 100 successes plus one request per injected fault, pages in non-decreasing order.
    assertThat(retries.get()).isEqualTo(injected);
    assertThat(pages).hasSize(100 + injected).isSorted();
    assertThat(pages.stream().distinct().toList()).hasSize(100);
  }

  @Test
  void retriesLimited_surfaceTheDocumentedTypedError() {
    server.clearRequests();
    server.faults().clear().onPage(3, Fault.status(503), Fault.status(503), Fault.status(503));

    try (PolarClient polar = client(2)) {
      StepVerifier.create(polar.licenseKeys())
          .expectNextCount(200)
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isInstanceOf(PolarServerException.class);
                assertThat(((PolarException) e).page()).isEqualTo(3);
                assertThat(((PolarException) e).attempts()).isEqualTo(3);
                assertThat(e)
                    .hasMessage(
                        "Polar answered 503 on page 3: {\"detail\":\"Service Unavailable\"}"
                            + " (after 3 attempts)");
              })
          .verify(Duration.ofSeconds(20));
    }
    assertThat(server.pagesRequested()).containsExactly(1, 2, 3, 3, 3);
  }
}
