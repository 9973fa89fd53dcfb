package dev.polarflux.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.polarflux.LicenseKeyQuery;
import dev.polarflux.PolarClient;
import dev.polarflux.PolarNotFoundException;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/** {@link MicrometerPolarListener} over real HTTP against the embedded server. */
class MicrometerPolarListenerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final LicenseKeyQuery LIMIT_100 = LicenseKeyQuery.create().limit(100);

  private static PolarTestServer server;
  private SimpleMeterRegistry meters;
  private TestObservationRegistry observations;
  private PolarClient polar;

  @BeforeAll
  static void startServer() {
    server = PolarTestServer.start(LicenseKeyDataset.generate(250, 11L));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void client() {
    server.clearRequests();
    server.faults().clear();
    meters = new SimpleMeterRegistry();
    observations = TestObservationRegistry.create();
    polar =
        PolarClient.create()
            .baseUrl(server.baseUrl())
            .token(server.token())
            .backoff(Duration.ofMillis(5), Duration.ofMillis(20))
            .listener(MicrometerPolarListener.create(meters).observationRegistry(observations));
  }

  @AfterEach
  void closeClient() {
    polar.close();
  }

  @Test
  void listing_countsPagesAndKeysAndTimesEachPage() {
    StepVerifier.create(polar.licenseKeys(LIMIT_100))
        .expectNextCount(250)
        .expectComplete()
        .verify(WAIT);

    assertThat(server.pagesRequested()).containsExactly(1, 2, 3);
    assertThat(meters.get(MicrometerPolarListener.PAGES).counter().count()).isEqualTo(3.0);
    assertThat(meters.get(MicrometerPolarListener.KEYS).counter().count()).isEqualTo(250.0);
    assertThat(meters.get(MicrometerPolarListener.PAGE_LATENCY).timer().count()).isEqualTo(3);
    assertThat(
            meters
                .get(MicrometerPolarListener.PAGE_LATENCY)
                .timer()
                .totalTime(TimeUnit.NANOSECONDS))
        .isPositive();
    assertThat(meters.find(MicrometerPolarListener.RETRIES).meters()).isEmpty();
    assertThat(meters.find(MicrometerPolarListener.ERRORS).meters()).isEmpty();
  }

  @Test
  void retriedAttempt_countsARetryTaggedWithTheExceptionType() {
    server.faults().onPage(2, Fault.status(503)).onPage(3, Fault.status(429, "0"));

    StepVerifier.create(polar.licenseKeys(LIMIT_100))
        .expectNextCount(250)
        .expectComplete()
        .verify(WAIT);

    assertThat(server.pagesRequested()).containsExactly(1, 2, 2, 3, 3);
    assertThat(
            meters
                .get(MicrometerPolarListener.RETRIES)
                .tag(MicrometerPolarListener.EXCEPTION_TAG, "PolarServerException")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            meters
                .get(MicrometerPolarListener.RETRIES)
                .tag(MicrometerPolarListener.EXCEPTION_TAG, "PolarRateLimitException")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(meters.get(MicrometerPolarListener.PAGES).counter().count()).isEqualTo(3.0);
    assertThat(meters.find(MicrometerPolarListener.ERRORS).meters()).isEmpty();
  }

  @Test
  void failedPage_countsAnErrorTaggedWithTheExceptionType() {
    server.faults().onPage(2, Fault.status(404));

    StepVerifier.create(polar.licenseKeys(LIMIT_100))
        .expectNextCount(100)
        .expectError(PolarNotFoundException.class)
        .verify(WAIT);

    assertThat(server.pagesRequested()).containsExactly(1, 2);
    assertThat(
            meters
                .get(MicrometerPolarListener.ERRORS)
                .tag(MicrometerPolarListener.EXCEPTION_TAG, "PolarNotFoundException")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(meters.get(MicrometerPolarListener.PAGES).counter().count()).isEqualTo(1.0);
  }

  @Test
  void meters_carryNeitherPageNumbersNorTheToken() {
    server.faults().onPage(2, Fault.status(503)).onPage(3, Fault.status(404));

    StepVerifier.create(polar.licenseKeys(LIMIT_100))
        .expectNextCount(200)
        .expectError(PolarNotFoundException.class)
        .verify(WAIT);

    List<Tag> tags =
        meters.getMeters().stream().flatMap(m -> m.getId().getTags().stream()).toList();
    assertThat(meters.getMeters())
        .extracting(m -> m.getId().getName())
        .contains(MicrometerPolarListener.RETRIES, MicrometerPolarListener.ERRORS);
    assertThat(tags).extracting(Tag::getKey).containsOnly(MicrometerPolarListener.EXCEPTION_TAG);
    assertThat(tags)
        .extracting(Tag::getValue)
        .noneMatch(v -> v.matches(".*\\d.*"))
        .noneMatch(v -> v.contains(server.token()));
  }

  @Test
  void observation_eachPageIsAChildOfTheSubscribersObservationSpanningItsRetries() {
    server.faults().onPage(2, Fault.status(503));
    Observation parent = Observation.start("caller", observations);

    StepVerifier.create(
            polar
                .licenseKeys(LIMIT_100)
                .contextWrite(Context.of(MicrometerPolarListener.OBSERVATION_KEY, parent)))
        .expectNextCount(250)
        .expectComplete()
        .verify(WAIT);
    parent.stop();

    assertThat(server.pagesRequested()).containsExactly(1, 2, 2, 3);
    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo(MicrometerPolarListener.PAGE_OBSERVATION, 3)
        .forAllObservationsWithNameEqualTo(
            MicrometerPolarListener.PAGE_OBSERVATION,
            ctx ->
                ctx.hasParentObservationEqualTo(parent)
                    .doesNotHaveError()
                    .hasLowCardinalityKeyValue(MicrometerPolarListener.OUTCOME_KEY, "success"))
        .hasHandledContextsThatSatisfy(
            contexts ->
                assertThat(contexts)
                    .filteredOn(c -> c.getName().equals(MicrometerPolarListener.PAGE_OBSERVATION))
                    .extracting(
                        c ->
                            c.getHighCardinalityKeyValue(MicrometerPolarListener.PAGE_KEY)
                                .getValue())
                    .containsExactly("1", "2", "3"));
  }

  @Test
  void observation_failedPage_endsWithTheErrorAndOutcomeError() {
    server.faults().onPage(1, Fault.status(404));

    StepVerifier.create(polar.licenseKeys(LIMIT_100))
        .expectError(PolarNotFoundException.class)
        .verify(WAIT);

    assertThat(server.requestCount()).isEqualTo(1);
    TestObservationRegistryAssert.assertThat(observations)
        .hasSingleObservationThat()
        .hasNameEqualTo(MicrometerPolarListener.PAGE_OBSERVATION)
        .doesNotHaveParentObservation()
        .assertThatError()
        .isInstanceOf(PolarNotFoundException.class);
    TestObservationRegistryAssert.assertThat(observations)
        .hasSingleObservationThat()
        .hasLowCardinalityKeyValue(MicrometerPolarListener.OUTCOME_KEY, "error");
  }

  @Test
  void observation_pageCancelledInFlight_stopsWithOutcomeCancelled() {
    server.faults().onPage(2, Fault.delay(Duration.ofSeconds(5)));

    StepVerifier.create(polar.licenseKeys(LicenseKeyQuery.create().limit(10)), 0)
        .thenRequest(11)
        .expectNextCount(10)
        .then(() -> awaitPageRequested(2))
        .thenCancel()
        .verify(WAIT);

    assertThat(server.pagesRequested()).containsExactly(1, 2);
    TestObservationRegistryAssert.assertThat(observations)
        .hasNumberOfObservationsWithNameEqualTo(MicrometerPolarListener.PAGE_OBSERVATION, 2)
        .hasHandledContextsThatSatisfy(
            contexts ->
                assertThat(contexts)
                    .extracting(
                        c ->
                            c.getHighCardinalityKeyValue(MicrometerPolarListener.PAGE_KEY)
                                .getValue(),
                        c ->
                            c.getLowCardinalityKeyValue(MicrometerPolarListener.OUTCOME_KEY)
                                .getValue())
                    .containsExactly(tuple("1", "success"), tuple("2", "cancelled")));
  }

  @Test
  void withoutObservationRegistry_makesNoObservation() {
    MicrometerPolarListener metricsOnly = MicrometerPolarListener.create(meters);

    assertThat(metricsOnly.pageObserver(1, Context.empty())).isNull();
    assertThat(
            MicrometerPolarListener.create(meters)
                .observationRegistry(observations)
                .pageObserver(1, Context.empty()))
        .isNotNull();
  }

  @Test
  void meterNames_areRegisteredOnceAndDescribed() {
    assertThat(meters.getMeters())
        .extracting(m -> m.getId().getName())
        .containsExactlyInAnyOrder(
            MicrometerPolarListener.PAGES,
            MicrometerPolarListener.KEYS,
            MicrometerPolarListener.PAGE_LATENCY);
    assertThat(meters.getMeters())
        .extracting(Meter::getId)
        .allSatisfy(id -> assertThat(id.getDescription()).isNotBlank());
  }

  /** Waits, at most {@link #WAIT}, until the server has received a request for {@code page}. */
  private static void awaitPageRequested(int page) {
    Mono.fromSupplier(() -> server.pagesRequested().contains(page))
        .filter(Boolean::booleanValue)
        .repeatWhenEmpty(polls -> polls.delayElements(Duration.ofMillis(10)))
        .block(WAIT);
  }
}
