package dev.polarflux.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.LicenseKeyQuery;
import dev.polarflux.PolarClient;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * {@link PolarClient#metrics(boolean)}: Reactor Netty's own client meters, in Micrometer's global
 * registry, with the URI reduced to the path template; and its client observations as children of
 * the page observations of {@link MicrometerPolarListener}.
 */
class ReactorNettyMetricsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String TEMPLATE = "/v1/customer-portal/license-keys/";
  private static final String CLIENT_PREFIX = "reactor.netty.http.client";
  private static final String RESPONSE_TIME = CLIENT_PREFIX + ".response.time";

  private static PolarTestServer server;
  private SimpleMeterRegistry global;
  private PolarClient polar;

  @BeforeAll
  static void startServer() {
    server = PolarTestServer.start(LicenseKeyDataset.generate(250, 3L));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void registry() {
    server.clearRequests();
    global = new SimpleMeterRegistry();
    Metrics.globalRegistry.add(global);
    polar = PolarClient.create().baseUrl(server.baseUrl()).token(server.token());
  }

  @AfterEach
  void removeRegistry() {
    Metrics.globalRegistry.remove(global);
    polar.close();
  }

  @Test
  void metricsEnabled_recordsClientMetersUnderTheUriTemplate() {
    StepVerifier.create(polar.metrics(true).licenseKeys(LicenseKeyQuery.create().limit(100)))
        .expectNextCount(250)
        .expectComplete()
        .verify(WAIT);

    assertThat(server.pagesRequested()).containsExactly(1, 2, 3);
    List<Meter> client =
        global.getMeters().stream()
            .filter(m -> m.getId().getName().startsWith(CLIENT_PREFIX))
            .toList();
    assertThat(client).extracting(m -> m.getId().getName()).contains(RESPONSE_TIME);
    assertThat(responseTimeCount()).isEqualTo(server.requestCount());
    List<Tag> tags = client.stream().flatMap(m -> m.getId().getTags().stream()).toList();
    // Channel-level meters (bytes sent and received on the connection) tag the protocol as uri.
    assertThat(tags)
        .filteredOn(t -> t.getKey().equals("uri"))
        .isNotEmpty()
        .extracting(Tag::getValue)
        .containsOnly(TEMPLATE, "http");
    assertThat(global.find(RESPONSE_TIME).timers())
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.getId().getTag("uri")).isEqualTo(TEMPLATE));
    assertThat(tags)
        .extracting(Tag::getValue)
        .noneMatch(v -> v.contains("page") || v.contains("limit") || v.contains("?"))
        .noneMatch(v -> v.contains(server.token()));
  }

  @Test
  void metricsDisabled_recordsNoClientMeter() {
    StepVerifier.create(polar.licenseKeys(LicenseKeyQuery.create().limit(100)))
        .expectNextCount(250)
        .expectComplete()
        .verify(WAIT);

    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(responseTimeCount()).isZero();
  }

  @Test
  void metricsEnabled_httpClientObservationsAreChildrenOfThePageObservations() {
    TestObservationRegistry observations = TestObservationRegistry.create();
    ObservationRegistry previous = reactor.netty.Metrics.observationRegistry(observations);
    try {
      PolarClient traced =
          polar
              .metrics(true)
              .listener(
                  MicrometerPolarListener.create(new SimpleMeterRegistry())
                      .observationRegistry(observations));
      StepVerifier.create(traced.licenseKeys(LicenseKeyQuery.create().limit(100)))
          .expectNextCount(250)
          .expectComplete()
          .verify(WAIT);
    } finally {
      reactor.netty.Metrics.observationRegistry(previous);
    }

    assertThat(server.requestCount()).isEqualTo(3);
    Predicate<Observation.ContextView> isPage =
        parent -> parent.getName().equals(MicrometerPolarListener.PAGE_OBSERVATION);
    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo(MicrometerPolarListener.PAGE_OBSERVATION, 3)
        .hasNumberOfObservationsWithNameEqualTo(RESPONSE_TIME, 3)
        .forAllObservationsWithNameEqualTo(
            RESPONSE_TIME,
            ctx ->
                ctx.hasParentObservationContextMatching(isPage)
                    .hasLowCardinalityKeyValue("uri", TEMPLATE));
  }

  @Test
  void metrics_togglesOnACopyAndShowsInToString() {
    PolarClient metered = polar.metrics(true);

    assertThat(metered.toString()).contains("metrics");
    assertThat(polar.toString()).doesNotContain("metrics");
    assertThat(metered.metrics(false).toString()).doesNotContain("metrics");
  }

  private double responseTimeCount() {
    return global.find(RESPONSE_TIME).timers().stream().mapToLong(Timer::count).sum();
  }
}
