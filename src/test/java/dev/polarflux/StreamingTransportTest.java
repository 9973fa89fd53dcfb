package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** {@link PolarClient#streaming(boolean)} over real HTTP. */
class StreamingTransportTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final LicenseKeyDataset DATASET = LicenseKeyDataset.generateVaried(250, 17L);
  private static PolarTestServer server;
  private PolarClient polar;

  @BeforeAll
  static void start() {
    server = PolarTestServer.start(DATASET);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void client() {
    server.clearRequests();
    server.faults().clear();
    polar =
        PolarClient.create()
            .baseUrl(server.baseUrl())
            .token(server.token())
            .streaming(true)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(5));
  }

  @AfterEach
  void close() {
    polar.close();
  }

  @Test
  void listing_decodesEveryKeyExactlyAsServed() {
    assertThat(polar.licenseKeys().collectList().block(WAIT)).isEqualTo(DATASET.keys());
    assertThat(server.pagesRequested()).containsExactly(1, 2, 3);
  }

  @Test
  void firstKey_arrivesWhileTheBodyIsStillArriving() {
    // The body comes in 100 pieces, one each 500 ms: whole after 50 s, its first key after ~1 s.
    server.faults().next(Fault.slowBody(Duration.ofMillis(500), 100));

    StepVerifier.create(polar.responseTimeout(Duration.ofMinutes(2)).licenseKeys().take(1))
        .expectNextCount(0)
        .thenRequest(1)
        .expectNext(DATASET.keys().get(0))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void bodyCutShort_isRetriedAndResumedWithoutLosingOrRepeatingKeys() {
    server.faults().onPage(2, Fault.truncatedBody(), Fault.resetAfterHeaders());

    List<LicenseKeyRead> keys = polar.licenseKeys().collectList().block(WAIT);

    assertThat(keys).isEqualTo(DATASET.keys());
    assertThat(server.pagesRequested()).containsExactly(1, 2, 2, 2, 3);
  }

  @Test
  void malformedBodyMidway_failsAfterTheKeysBeforeIt() {
    server.faults().onPage(1, Fault.body(200, "application/json", "{\"items\":[" + "{\"id\":1}"));

    StepVerifier.create(polar.licenseKeys())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarDecodingException.class);
              assertThat(e.getMessage()).contains("at /items/0/id: expected a UUID");
            })
        .verify(WAIT);
  }

  @Test
  void bodyOverTheCap_failsAsUndecodable() {
    StepVerifier.create(polar.maxBodySize(4096).licenseKeys())
        .thenConsumeWhile(k -> true)
        .expectErrorMessage(
            "Polar's response for page 1 could not be decoded: the body is larger than the limit"
                + " of 4096 bytes")
        .verify(WAIT);
  }

  @Test
  void cancelMidBody_releasesTheConnection() {
    server.faults().onPage(1, Fault.slowBody(Duration.ofMillis(500), 100));

    StepVerifier.create(polar.licenseKeys().take(1))
        .expectNextCount(1)
        .expectComplete()
        .verify(WAIT);

    Eventually.holds(() -> polar.acquiredConnections() == 0);
    assertThat(server.pagesRequested()).containsExactly(1);
  }

  @Test
  void pausingSubscriber_isNotTakenForAStalledServer() {
    StepVerifier.create(polar.responseTimeout(Duration.ofMillis(300)).licenseKeys(), 10)
        .expectNextCount(10)
        .expectNoEvent(Duration.ofSeconds(1))
        .thenRequest(Long.MAX_VALUE)
        .expectNextCount(240)
        .expectComplete()
        .verify(WAIT);

    assertThat(server.pagesRequested()).containsExactly(1, 2, 3);
  }

  @Test
  void serverThatStallsWhileAKeyIsWanted_timesOut() {
    server.faults().next(Fault.slowBody(Duration.ofSeconds(3), 100));

    StepVerifier.create(polar.retries(0).responseTimeout(Duration.ofMillis(500)).licenseKeys())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarTimeoutException.class);
              assertThat(((PolarTimeoutException) e).kind())
                  .isEqualTo(PolarTimeoutException.Kind.RESPONSE);
            })
        .verify(WAIT);
  }
}
