package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * {@link PolarClient#streaming(boolean)} with {@link PolarClient#concurrency(int)} 4 over real
 * HTTP, against a server that takes 100 ms per request.
 */
class StreamingConcurrencyTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final LicenseKeyDataset DATASET = LicenseKeyDataset.generateVaried(1000, 23L);

  @AutoClose
  private static final PolarTestServer server =
      PolarTestServer.builder().dataset(DATASET).latency(Duration.ofMillis(100)).build();

  @AutoClose
  private final PolarClient polar =
      PolarClient.create()
          .baseUrl(server.baseUrl())
          .token(server.token())
          .rateLimit(0)
          .streaming(true)
          .concurrency(4)
          .backoff(Duration.ofMillis(1), Duration.ofMillis(5));

  @BeforeEach
  void clearServer() {
    server.clearRequests();
    server.faults().clear();
  }

  private static List<Integer> pages(int from, int to) {
    return IntStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void pagesOverlap_andEveryKeyArrivesInOrderExactlyOnce() {
    List<LicenseKeyRead> keys = polar.licenseKeys().collectList().block(WAIT);

    assertThat(keys).isEqualTo(DATASET.keys());
    assertThat(server.maxConcurrentRequests()).isGreaterThan(1);
    assertThat(server.pagesRequested().get(0)).isEqualTo(1);
    assertThat(server.pagesRequested()).containsExactlyInAnyOrderElementsOf(pages(1, 10));
  }

  @Test
  void withoutReadAhead_requestsFollowDemandExactly() {
    StepVerifier.create(polar.licenseKeys(), 150)
        .expectNextSequence(DATASET.keys().subList(0, 150))
        .expectNoEvent(Duration.ofMillis(300))
        .thenCancel()
        .verify(WAIT);

    assertThat(server.pagesRequested()).containsExactly(1, 2);
  }

  @Test
  void laterPageCutShort_isResumedWithoutLosingOrRepeatingKeys() {
    server.faults().onPage(3, Fault.truncatedBody());

    List<LicenseKeyRead> keys = polar.readAhead(4).licenseKeys().collectList().block(WAIT);

    assertThat(keys).isEqualTo(DATASET.keys());
    assertThat(server.pagesRequested()).hasSize(11).filteredOn(p -> p == 3).hasSize(2);
  }

  @Test
  void cancelWhileLaterPagesStream_releasesEveryConnectionAndBuffer() {
    // Page 4 is still arriving, 10 chunks 100 ms apart, when the subscriber has had enough.
    server.faults().onPage(4, Fault.slowBody(Duration.ofMillis(100), 10));

    StepVerifier.create(polar.readAhead(4).licenseKeys().take(150))
        .expectNextSequence(DATASET.keys().subList(0, 150))
        .expectComplete()
        .verify(WAIT);

    Eventually.holds(() -> polar.acquiredConnections() == 0);
    assertThat(server.pagesRequested()).containsExactlyInAnyOrderElementsOf(pages(1, 5));
    assertThat(NettyLeakCheck.collect(3)).isEmpty();
  }

  @Test
  void slowSubscriber_doesNotTripTheResponseTimeoutOfALaterPage() {
    // Page 3 streams in 5 chunks 400 ms apart, each wait well within the 2 s timeout, while the
    // subscriber, holding its 150 keys, asks for nothing for longer than the timeout.
    server.faults().onPage(3, Fault.slowBody(Duration.ofMillis(400), 5));

    StepVerifier.create(
            polar.readAhead(4).responseTimeout(Duration.ofSeconds(2)).retries(0).licenseKeys(), 150)
        .expectNextCount(150)
        .expectNoEvent(Duration.ofSeconds(3))
        .thenRequest(Long.MAX_VALUE)
        .expectNextCount(850)
        .expectComplete()
        .verify(WAIT);

    assertThat(server.maxConcurrentRequests()).isGreaterThan(1);
    assertThat(server.pagesRequested()).containsExactlyInAnyOrderElementsOf(pages(1, 10));
  }

  @Test
  void slowWorkBehindPublishOn_leavesTheEventLoopsFree_andNoLaterPageTimesOut() {
    // 1,000 keys at 3 ms each: three seconds of work, six times the response timeout, done on
    // boundedElastic threads, as the README advises, so the event loops keep reading later pages.
    PolarClient strict = polar.responseTimeout(Duration.ofMillis(500)).retries(0);

    List<LicenseKeyRead> keys =
        strict
            .licenseKeys()
            .publishOn(Schedulers.boundedElastic(), 32)
            .doOnNext(key -> LockSupport.parkNanos(Duration.ofMillis(3).toNanos()))
            .collectList()
            .block(WAIT);

    assertThat(keys).containsExactlyElementsOf(DATASET.keys());
    assertThat(server.pagesRequested()).containsExactlyInAnyOrderElementsOf(pages(1, 10));
  }
}
