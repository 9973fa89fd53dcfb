package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import dev.polarflux.testserver.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** The Reactor Netty transport over real HTTP against the embedded server on 127.0.0.1. */
class NettyTransportTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final LicenseKeyDataset DATASET = LicenseKeyDataset.generateVaried(250, 7L);

  private static PolarTestServer server;
  private PolarClient polar;

  @BeforeAll
  static void startServer() {
    server = PolarTestServer.start(DATASET);
  }

  @AfterAll
  static void stopServer() {
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
            .backoff(Duration.ofMillis(5), Duration.ofMillis(20));
  }

  @AfterEach
  void closeClient() {
    polar.close();
  }

  @Test
  void listing_decodesEveryKeyExactlyAsServed() {
    List<LicenseKeyRead> keys = polar.licenseKeys().collectList().block(WAIT);

    assertThat(keys).isEqualTo(DATASET.keys());
    assertThat(server.pagesRequested()).containsExactly(1, 2, 3);
  }

  @Test
  void requests_useTheTrailingSlashPathAcceptBearerAndQuery() {
    UUID org = UUID.randomUUID();
    polar
        .polarVersion("2026-04")
        .licenseKeys(LicenseKeyQuery.create().limit(10).organizationIds(org, org).maxItems(5))
        .blockLast(WAIT);

    RecordedRequest r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/v1/customer-portal/license-keys/");
    assertThat(r.page()).isEqualTo(1);
    assertThat(r.limit()).isEqualTo(10);
    assertThat(r.authorized()).isTrue();
    assertThat(r.polarVersion()).isEqualTo("2026-04");
    assertThat(r.header("accept")).containsExactly("application/json");
    assertThat(r.header("authorization")).containsExactly(RecordedRequest.REDACTED);
    assertThat(r.header("user-agent")).containsExactly("polarflux/0.1.0-SNAPSHOT");
    assertThat(r.queryParameter("organization_id")).containsExactly(org.toString(), org.toString());
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void takeOne_sendsOneRequestOverHttp() {
    StepVerifier.create(polar.licenseKeys().take(1))
        .expectNextCount(1)
        .expectComplete()
        .verify(WAIT);

    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void take101_withLimit100_sendsTwoRequests() {
    StepVerifier.create(polar.licenseKeys().take(101))
        .expectNextCount(101)
        .expectComplete()
        .verify(WAIT);

    assertThat(server.pagesRequested()).containsExactly(1, 2);
  }

  @Test
  void benefitFilter_isSentAndFiltersKeys() {
    UUID benefit = DATASET.benefitIds().get(1);

    List<LicenseKeyRead> keys =
        polar
            .licenseKeys(LicenseKeyQuery.create().benefitId(benefit).limit(20))
            .collectList()
            .block(WAIT);

    assertThat(keys)
        .isNotEmpty()
        .allSatisfy(k -> assertThat(k.benefitId()).isEqualTo(benefit))
        .hasSize((int) DATASET.keys().stream().filter(k -> k.benefitId().equals(benefit)).count());
    assertThat(server.requests().get(0).queryParameter("benefit_id"))
        .containsExactly(benefit.toString());
  }

  @Test
  void noKeys_completesAfterOneRequest() {
    try (PolarTestServer empty = PolarTestServer.start(LicenseKeyDataset.generate(0, 1L));
        PolarClient client = PolarClient.create().baseUrl(empty.baseUrl()).token(empty.token())) {
      StepVerifier.create(client.licenseKeys()).expectComplete().verify(WAIT);

      assertThat(empty.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void wrongToken_isUnauthorizedWithInvalidTokenCode() {
    String secret = "polar_cst_WRONGwrongWRONGwrongWRONGwrongWRONGwrong123";

    StepVerifier.create(polar.token(secret).licenseKeys())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarUnauthorizedException.class);
              assertThat(((PolarUnauthorizedException) e).errorCode()).isEqualTo("invalid_token");
              assertThat(e.getMessage()).doesNotContain(secret);
            })
        .verify(WAIT);

    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void noToken_isUnauthorizedWithPolarsUnauthorizedCode() {
    try (PolarClient anonymous = PolarClient.create().baseUrl(server.baseUrl())) {
      StepVerifier.create(anonymous.licenseKeys())
          .expectErrorSatisfies(
              e ->
                  assertThat(((PolarUnauthorizedException) e).errorCode())
                      .isEqualTo("Unauthorized"))
          .verify(WAIT);
    }
  }

  @Test
  void unsupportedPolarVersion_isNotFound() {
    StepVerifier.create(polar.polarVersion("1999-01").licenseKeys())
        .expectError(PolarNotFoundException.class)
        .verify(WAIT);
  }

  @Test
  void validationBody_isParsed() {
    server
        .faults()
        .next(
            Fault.body(
                422,
                "application/json",
                "{\"error\":\"RequestValidationError\",\"detail\":[{\"type\":\"uuid_parsing\","
                    + "\"loc\":[\"query\",\"benefit_id\"],\"msg\":\"Input should be a valid"
                    + " UUID\",\"input\":\"x\"}]}"));

    StepVerifier.create(polar.licenseKeys())
        .expectErrorSatisfies(
            e ->
                assertThat(((PolarValidationException) e).errors())
                    .extracting(ValidationError::type)
                    .containsExactly("uuid_parsing"))
        .verify(WAIT);
  }

  @Test
  void retryableFaults_areRetriedPerPageAndNothingIsLost() {
    server
        .faults()
        .onPage(2, Fault.rateLimited("0"), Fault.status(503), Fault.resetBeforeHeaders())
        .onPage(3, Fault.truncatedBody(), Fault.resetAfterHeaders(), Fault.status(502));

    List<LicenseKeyRead> keys = polar.licenseKeys().collectList().block(WAIT);

    assertThat(keys).isEqualTo(DATASET.keys());
    assertThat(server.pagesRequested()).containsExactly(1, 2, 2, 2, 2, 3, 3, 3, 3);
  }

  @Test
  void malformedBody_failsWithoutRetry() {
    server.faults().onPage(2, Fault.malformedBody());

    StepVerifier.create(polar.licenseKeys())
        .expectNextCount(100)
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarDecodingException.class);
              assertThat(((PolarException) e).page()).isEqualTo(2);
              assertThat(e.getMessage())
                  .startsWith("Polar's response for page 2 could not be decoded: malformed JSON");
            })
        .verify(WAIT);

    assertThat(server.pagesRequested()).containsExactly(1, 2);
  }

  @Test
  void htmlWith200_failsAsUndecodable() {
    server.faults().next(Fault.htmlError(200));

    StepVerifier.create(polar.licenseKeys())
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(PolarDecodingException.class)
                    .hasMessageContaining("expected application/json, got text/html"))
        .verify(WAIT);
  }

  @Test
  void htmlWith502_isRetriedThenSurfacesWithAnExcerpt() {
    server.faults().next(Fault.htmlError(502), Fault.htmlError(502));

    StepVerifier.create(polar.retries(1).licenseKeys())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarServerException.class);
              assertThat(((PolarException) e).attempts()).isEqualTo(2);
              assertThat(e.getMessage()).startsWith("Polar answered 502 on page 1: <");
            })
        .verify(WAIT);
  }

  @Test
  void emptyBody_failsAsUndecodable() {
    server.faults().next(Fault.body(200, "application/json", ""));

    StepVerifier.create(polar.licenseKeys())
        .expectErrorMessage("Polar's response for page 1 could not be decoded: the body is empty")
        .verify(WAIT);
  }

  @Test
  void bodyOverTheCap_failsAsUndecodable() {
    StepVerifier.create(polar.maxBodySize(4096).licenseKeys())
        .expectErrorMessage(
            "Polar's response for page 1 could not be decoded: the body is larger than the limit"
                + " of 4096 bytes")
        .verify(WAIT);
  }

  @Test
  void slowResponse_timesOutAsTypedError() {
    server.faults().next(Fault.delay(Duration.ofSeconds(5)));

    StepVerifier.create(polar.retries(0).responseTimeout(Duration.ofMillis(300)).licenseKeys())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarTimeoutException.class);
              assertThat(((PolarTimeoutException) e).kind())
                  .isEqualTo(PolarTimeoutException.Kind.RESPONSE);
            })
        .verify(WAIT);
  }

  @Test
  void connectionRefused_isATypedConnectionError() {
    DisposableServer closed = HttpServer.create().host("127.0.0.1").port(0).bindNow();
    String url = "http://127.0.0.1:" + closed.port();
    closed.disposeNow();

    try (PolarClient client = PolarClient.create().baseUrl(url).token("t").retries(0)) {
      StepVerifier.create(client.licenseKeys())
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isInstanceOf(PolarConnectionException.class);
                assertThat(e.getMessage())
                    .isEqualTo("Could not connect to " + url.substring(7) + " on page 1");
                assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
              })
          .verify(WAIT);
    }
  }

  @Test
  void redirect_isNeverFollowedSoTheTokenStaysHome() {
    PolarTestServer elsewhere = PolarTestServer.start(LicenseKeyDataset.generate(5, 1L));
    DisposableServer redirecting =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (req, res) ->
                    res.status(307)
                        .header(
                            "Location", elsewhere.baseUrl() + "/v1/customer-portal/license-keys/")
                        .send())
            .bindNow();
    try (PolarClient client =
        PolarClient.create()
            .baseUrl("http://127.0.0.1:" + redirecting.port())
            .token(elsewhere.token())) {
      StepVerifier.create(client.licenseKeys())
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isInstanceOf(PolarClientException.class);
                assertThat(((PolarException) e).status()).isEqualTo(307);
              })
          .verify(WAIT);
      assertThat(elsewhere.requestCount()).isZero();
    } finally {
      redirecting.disposeNow();
      elsewhere.close();
    }
  }

  @Test
  void cancelMidBody_sendsNothingMoreAndReleasesTheConnection() {
    server.faults().onPage(2, Fault.slowBody(Duration.ofMillis(200), 20));

    StepVerifier.create(polar.licenseKeys(), 150)
        .expectNextCount(100)
        .then(() -> Eventually.holds(() -> server.pagesRequested().size() == 2))
        .thenCancel()
        .verify(WAIT);

    Eventually.holds(() -> polar.acquiredConnections() == 0);
    assertThat(server.pagesRequested()).containsExactly(1, 2);
  }

  @Test
  void resetBeforeHeaders_withRetriesOff_isRequestedExactlyOnce() {
    PolarClient noRetries = polar.retries(0);
    // A first listing leaves a pooled connection for the faulted request to reuse.
    StepVerifier.create(noRetries.licenseKeys().take(1))
        .expectNextCount(1)
        .expectComplete()
        .verify(WAIT);
    server.clearRequests();
    server.faults().next(Fault.resetBeforeHeaders());

    StepVerifier.create(noRetries.licenseKeys())
        .expectError(PolarConnectionException.class)
        .verify(WAIT);

    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void cancelBetweenPages_sendsNothingMoreAndReleasesTheConnection() {
    StepVerifier.create(polar.licenseKeys(), 100)
        .expectNextCount(100)
        .expectNoEvent(Duration.ofMillis(100))
        .thenCancel()
        .verify(WAIT);

    Eventually.holds(() -> polar.acquiredConnections() == 0);
    assertThat(server.pagesRequested()).containsExactly(1);
  }

  @Test
  void deadline_overHttp_endsTheListingWithATypedError() {
    server.faults().onPage(2, Fault.delay(Duration.ofSeconds(5)));

    StepVerifier.create(polar.deadline(Duration.ofMillis(500)).licenseKeys())
        .expectNextCount(100)
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(PolarDeadlineException.class);
              assertThat(((PolarException) e).page()).isEqualTo(2);
            })
        .verify(WAIT);
    Eventually.holds(() -> polar.acquiredConnections() == 0);
  }

  @Test
  void concurrency_fetchesPagesInParallelOverHttpInOrder() {
    try (PolarTestServer slow =
            PolarTestServer.builder()
                .dataset(LicenseKeyDataset.generate(1000, 3L))
                .latency(Duration.ofMillis(50))
                .build();
        PolarClient client =
            PolarClient.create().baseUrl(slow.baseUrl()).token(slow.token()).concurrency(4)) {
      List<LicenseKeyRead> keys = client.licenseKeys().collectList().block(WAIT);

      assertThat(keys).isEqualTo(slow.dataset().keys());
      assertThat(slow.pagesRequested())
          .hasSize(10)
          .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
      assertThat(slow.pagesRequested().get(0)).isEqualTo(1);
    }
  }

  @Test
  void retryAfterHttpDate_isReadOnTheClientSchedulersClock() {
    // A scheduler whose clock stands at the epoch: against it, a date 30 s after the epoch is a
    // 30 s wait, while the wall clock would make it a date long past.
    reactor.test.scheduler.VirtualTimeScheduler epoch =
        reactor.test.scheduler.VirtualTimeScheduler.create();
    server.faults().onPage(1, Fault.rateLimited("Thu, 01 Jan 1970 00:00:30 GMT"));
    try (PolarClient atEpoch =
        PolarClient.create()
            .baseUrl(server.baseUrl())
            .token(server.token())
            .rateLimit(0)
            .retries(0)
            .scheduler(epoch)) {
      StepVerifier.create(atEpoch.licenseKeys())
          .expectErrorSatisfies(
              e ->
                  assertThat(((PolarRateLimitException) e).retryAfter())
                      .isEqualTo(Duration.ofSeconds(30)))
          .verify(WAIT);
    } finally {
      epoch.dispose();
    }
  }
}
