package dev.polarflux.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.NettyLeakCheck;
import dev.polarflux.PolarClient;
import dev.polarflux.SettingsAccess;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.spring.app.KeysApplication;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;
import reactor.test.StepVerifier;

/**
 * A Spring Boot 4 WebFlux application, {@link KeysApplication}, that sets only {@code
 * polarflux.base-url} and {@code polarflux.token}, on a real server, against the embedded Polar.
 */
@SpringBootTest(
    classes = KeysApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // Only for the check that no log line carries the token: the library's and Reactor Netty's
    // debug lines too.
    properties = {"logging.level.dev.polarflux=DEBUG", "logging.level.reactor.netty=DEBUG"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Closed after the class: every Boot context shares Reactor Netty's global resources, which the
// first context to close disposes under the others.
@DirtiesContext
@NettyLeakCheck.Tolerate(
    frame = "org.springframework.http.codec.AbstractJacksonEncoder.encodeStreamingValue",
    why =
        "When a streamed response fails after it started, Spring's server may drop the buffers its"
            + " encoder had made and not yet written, without releasing them; seen with Spring"
            + " 7.0.8 (Boot 4.0.7's), never with a buffer the library made.")
class BootApplicationTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final LicenseKeyDataset DATASET = LicenseKeyDataset.generate(300, 12L);
  private static final List<UUID> IDS = DATASET.keys().stream().map(LicenseKeyRead::id).toList();
  private static final PolarTestServer POLAR = PolarTestServer.start(DATASET);
  private static final ParameterizedTypeReference<ServerSentEvent<LicenseKeyRead>> EVENTS =
      new ParameterizedTypeReference<>() {};
  private static final ParameterizedTypeReference<List<LicenseKeyRead>> KEY_LIST =
      new ParameterizedTypeReference<>() {};

  @DynamicPropertySource
  static void polar(DynamicPropertyRegistry properties) {
    properties.add("polarflux.base-url", POLAR::baseUrl);
    properties.add("polarflux.token", POLAR::token);
  }

  @AfterAll
  static void stopPolar() {
    POLAR.close();
    for (String name : List.of("dev.polarflux", "reactor.netty")) {
      ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name)).setLevel(null);
    }
  }

  @LocalServerPort int port;
  @Autowired PolarClient polar;
  @Autowired PolarProperties properties;
  @Autowired MeterRegistry meters;

  private WebTestClient web;

  @BeforeEach
  void client() {
    POLAR.clearRequests();
    POLAR.faults().clear();
    CapturedLogs.clear();
    web =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(WAIT)
            // A 300-key JSON array is about 380 KiB: more than the 256 KiB a client buffers by
            // default.
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
            .build();
  }

  @AfterEach
  void noTokenLogged() {
    assertThat(CapturedLogs.all()).noneMatch(line -> line.contains(POLAR.token()));
  }

  @Test
  void ndjson_streamsEveryKeyInOrder() {
    List<LicenseKeyRead> keys =
        web.get()
            .uri("/keys")
            .accept(MediaType.APPLICATION_NDJSON)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
            .returnResult(LicenseKeyRead.class)
            .getResponseBody()
            .collectList()
            .block(WAIT);

    assertThat(keys).extracting(LicenseKeyRead::id).containsExactlyElementsOf(IDS);
    assertThat(keys).containsExactlyElementsOf(DATASET.keys());
    assertThat(POLAR.pagesRequested()).containsExactly(1, 2, 3);
    assertThat(CapturedLogs.all())
        .as("the library's debug lines, which the token check reads")
        .anyMatch(line -> line.startsWith("DEBUG dev.polarflux"));
  }

  @Test
  void serverSentEvents_streamEveryKeyInOrder_withItsIdAsEventId() {
    List<ServerSentEvent<LicenseKeyRead>> events =
        web.get()
            .uri("/keys")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(EVENTS)
            .getResponseBody()
            .collectList()
            .block(WAIT);

    assertThat(events)
        .extracting(ServerSentEvent::id)
        .containsExactlyElementsOf(IDS.stream().map(UUID::toString).toList());
    assertThat(events).extracting(ServerSentEvent::event).containsOnly("license-key");
    assertThat(events).extracting(ServerSentEvent::data).containsExactlyElementsOf(DATASET.keys());
  }

  @Test
  void jsonArray_listsEveryKeyInOrder() {
    web.get()
        .uri("/keys")
        .accept(MediaType.APPLICATION_JSON)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBodyList(LicenseKeyRead.class)
        .value(keys -> assertThat(keys).containsExactlyElementsOf(DATASET.keys()));
  }

  @Test
  void jsonArray_overflowsWebTestClientsDefaultBuffer_whenReadAsOneList() {
    WebTestClient defaults =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(WAIT)
            .build();

    assertThatThrownBy(
            () ->
                defaults
                    .get()
                    .uri("/keys")
                    .accept(MediaType.APPLICATION_JSON)
                    .exchange()
                    .expectBody(KEY_LIST)
                    .returnResult())
        .isInstanceOf(DataBufferLimitException.class);
  }

  @Test
  void polarUnauthorized_isAnUnauthorizedProblem_namingNoSecret() {
    POLAR.faults().onPage(1, Fault.status(401));

    byte[] body =
        web.get()
            .uri("/keys")
            .accept(MediaType.APPLICATION_JSON)
            .exchange()
            .expectStatus()
            .isEqualTo(401)
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.status")
            .isEqualTo(401)
            .jsonPath("$.title")
            .isEqualTo("Polar refused the credentials")
            .jsonPath("$.polarStatus")
            .isEqualTo(401)
            .jsonPath("$.page")
            .isEqualTo(1)
            .returnResult()
            .getResponseBodyContent();

    assertThat(new String(body, StandardCharsets.UTF_8))
        .doesNotContain(POLAR.token())
        .doesNotContain("127.0.0.1")
        .doesNotContain(":" + URI.create(POLAR.baseUrl()).getPort());
  }

  @Test
  void polarUnauthorized_beforeTheFirstKey_isAProblemForAStreamToo() {
    POLAR.faults().onPage(1, Fault.status(401));

    web.get()
        .uri("/keys")
        .accept(MediaType.APPLICATION_NDJSON)
        .exchange()
        .expectStatus()
        .isEqualTo(401)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.polarStatus")
        .isEqualTo(401);
  }

  /**
   * Last: a 429 pauses the token's request budget for its {@code Retry-After} (at most {@code
   * polarflux.max-retry-after}), so the listings of later tests would wait for it.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void polarRateLimit_isServiceUnavailable_passingRetryAfterOn() {
    // Longer than polarflux.max-retry-after (60 s): the client surfaces it at once.
    POLAR.faults().onPage(1, Fault.rateLimited("120"));

    web.get()
        .uri("/keys")
        .accept(MediaType.APPLICATION_JSON)
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .valueEquals(HttpHeaders.RETRY_AFTER, "120")
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.title")
        .isEqualTo("Polar rate limit reached")
        .jsonPath("$.polarStatus")
        .isEqualTo(429);
  }

  @Test
  void failureAfterTheFirstKeys_cutsTheStreamAfterA200() {
    POLAR.faults().onPage(2, Fault.status(401));
    List<String> lines = new CopyOnWriteArrayList<>();

    Mono<Void> response =
        WebClient.create("http://127.0.0.1:" + port)
            .get()
            .uri("/keys")
            .accept(MediaType.APPLICATION_NDJSON)
            .retrieve()
            .bodyToFlux(String.class)
            .doOnNext(lines::add)
            .then();

    StepVerifier.create(response)
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(WebClientResponseException.class)
                    .hasMessageContaining("200 OK")
                    .hasRootCauseInstanceOf(PrematureCloseException.class))
        .verify(WAIT);
    // Page 1's keys in order; those still queued for writing when the connection is cut are lost.
    assertThat(lines).isNotEmpty().hasSizeLessThanOrEqualTo(100);
    assertThat(lines.stream().map(line -> line.substring(7, 43)).toList())
        .isEqualTo(
            POLAR.dataset().keys().subList(0, lines.size()).stream()
                .map(key -> key.id().toString())
                .toList());
    assertThat(POLAR.pagesRequested()).containsExactly(1, 2);
    assertThat(CapturedLogs.warnings())
        .anyMatch(line -> line.contains("already committed (200 OK)"))
        .noneMatch(line -> line.contains("UnsupportedOperationException"));
  }

  @Test
  void meters_countThePagesOfTheApplicationsListings() throws ReflectiveOperationException {
    double before = meters.counter("polarflux.pages").count();

    web.get()
        .uri("/keys")
        .accept(MediaType.APPLICATION_JSON)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(KEY_LIST)
        .value(keys -> assertThat(keys).hasSize(300));

    assertThat(meters.counter("polarflux.pages").count() - before).isEqualTo(3.0);
    assertThat(SettingsAccess.settings(polar).get("listener").toString())
        .startsWith("MicrometerPolarListener[")
        .endsWith(", observations]");
  }

  @Test
  void token_appearsInNoDescription() {
    assertThat(polar.toString()).doesNotContain(POLAR.token()).contains("token=<redacted>");
    assertThat(properties.toString()).doesNotContain(POLAR.token()).contains("token=<redacted>");
    assertThat(properties.getToken()).isEqualTo(POLAR.token());
  }
}
