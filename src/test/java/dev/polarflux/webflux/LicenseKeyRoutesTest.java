package dev.polarflux.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polarflux.PolarClient;
import dev.polarflux.micrometer.MicrometerPolarListener;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import dev.polarflux.testserver.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/** The WebFlux example, {@link LicenseKeyRoutes}, against the embedded Polar server. */
class LicenseKeyRoutesTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final LicenseKeyDataset DATASET = LicenseKeyDataset.generate(1000, 5L);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static PolarTestServer polarServer;
  private PolarClient polar;
  private WebTestClient web;

  @BeforeAll
  static void startPolar() {
    polarServer = PolarTestServer.builder().dataset(DATASET).latency(Duration.ofMillis(50)).build();
  }

  @AfterAll
  static void stopPolar() {
    polarServer.close();
  }

  @BeforeEach
  void client() {
    polarServer.clearRequests();
    polar = PolarClient.create().baseUrl(polarServer.baseUrl()).token(polarServer.token());
    web =
        WebTestClient.bindToRouterFunction(LicenseKeyRoutes.routes(polar))
            .handlerStrategies(LicenseKeyRoutes.strategies())
            .configureClient()
            .responseTimeout(WAIT)
            .build();
  }

  @AfterEach
  void closeClient() {
    polar.close();
  }

  @Test
  void ndjson_writesOneLinePerKeyWithPolarsFieldNames() throws Exception {
    // Spring's StringDecoder splits the body at each newline.
    List<String> lines =
        web.get()
            .uri("/license-keys?limit=100")
            .accept(MediaType.APPLICATION_NDJSON)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
            .returnResult(String.class)
            .getResponseBody()
            .collectList()
            .block(WAIT);

    assertThat(lines).hasSize(DATASET.keys().size());
    for (int i = 0; i < lines.size(); i++) {
      LicenseKeyRead expected = DATASET.keys().get(i);
      JsonNode line = JSON.readTree(lines.get(i));
      assertThat(line.get("id").asText()).isEqualTo(expected.id().toString());
      assertThat(line.get("display_key").asText()).isEqualTo(expected.displayKey());
      assertThat(line.get("status").asText()).isEqualTo(expected.status().value());
      assertThat(line.get("created_at").isTextual()).as("ISO-8601 timestamp").isTrue();
      assertThat(line.has("displayKey")).isFalse();
    }
    assertThat(polarServer.pagesRequested()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  }

  @Test
  void sse_sendsOneEventPerKeyWithItsIdAndJson() throws Exception {
    List<ServerSentEvent<String>> events =
        web.get()
            .uri("/license-keys?limit=100")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
            .getResponseBody()
            .collectList()
            .block(WAIT);

    assertThat(events).hasSize(DATASET.keys().size());
    for (int i = 0; i < events.size(); i++) {
      LicenseKeyRead expected = DATASET.keys().get(i);
      ServerSentEvent<String> event = events.get(i);
      assertThat(event.event()).isEqualTo("license-key");
      assertThat(event.id()).isEqualTo(expected.id().toString());
      JsonNode data = JSON.readTree(event.data());
      assertThat(data.get("id").asText()).isEqualTo(expected.id().toString());
      assertThat(data.get("display_key").asText()).isEqualTo(expected.displayKey());
    }
    assertThat(polarServer.requestCount()).isEqualTo(10);
  }

  @Test
  void clientDisconnectingMidStream_cancelsThePagingAndNoFurtherPageIsFetched() {
    TestObservationRegistry observations = TestObservationRegistry.create();
    PolarClient observed =
        polar.listener(
            MicrometerPolarListener.create(new SimpleMeterRegistry())
                .observationRegistry(observations));
    DisposableServer web =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                new ReactorHttpHandlerAdapter(
                    RouterFunctions.toHttpHandler(
                        LicenseKeyRoutes.routes(observed), LicenseKeyRoutes.strategies())))
            .bindNow(WAIT);
    try {
      List<String> firstLines =
          WebClient.builder()
              .clientConnector(new ReactorClientHttpConnector(HttpClient.newConnection()))
              .baseUrl("http://127.0.0.1:" + web.port())
              .build()
              .get()
              .uri("/license-keys?limit=10")
              .accept(MediaType.APPLICATION_NDJSON)
              .retrieve()
              .bodyToFlux(String.class)
              .take(3)
              .collectList()
              .block(WAIT);
      assertThat(firstLines).hasSize(3);

      // The disconnect reaches the listing: the page it was fetching is cancelled.
      int cancelledPage = awaitCancelledPage(observations);
      // A later request to Polar is a barrier: whatever the listing had sent has arrived by then.
      PolarClient.create()
          .baseUrl(polarServer.baseUrl())
          .token(polarServer.token())
          .licenseKeys(dev.polarflux.LicenseKeyQuery.create().limit(1).maxItems(1))
          .blockLast(WAIT);

      List<Integer> listingPages =
          polarServer.requests().stream()
              .filter(r -> Integer.valueOf(10).equals(r.limit()))
              .map(RecordedRequest::page)
              .toList();
      List<Integer> upToCancelled = new ArrayList<>();
      for (int p = 1; p <= cancelledPage; p++) {
        upToCancelled.add(p);
      }
      assertThat(listingPages).isEqualTo(upToCancelled);
      assertThat(cancelledPage).isLessThan(DATASET.keys().size() / 10);
      TestObservationRegistryAssert.assertThat(observations)
          .hasNumberOfObservationsWithNameEqualTo(
              MicrometerPolarListener.PAGE_OBSERVATION, cancelledPage);
    } finally {
      web.disposeNow(WAIT);
    }
  }

  /** Waits, at most {@link #WAIT}, for a page observation that ended cancelled; its page. */
  private static int awaitCancelledPage(TestObservationRegistry observations) {
    AtomicReference<String> page = new AtomicReference<>();
    Boolean found =
        Mono.fromSupplier(
                () -> {
                  observations
                      .assertThat()
                      .hasHandledContextsThatSatisfy(
                          contexts ->
                              contexts.stream()
                                  .filter(c -> "cancelled".equals(outcome(c)))
                                  .findFirst()
                                  .ifPresent(
                                      c ->
                                          page.set(
                                              c.getHighCardinalityKeyValue(
                                                      MicrometerPolarListener.PAGE_KEY)
                                                  .getValue())));
                  return page.get() != null;
                })
            .filter(Boolean::booleanValue)
            .repeatWhenEmpty(polls -> polls.delayElements(Duration.ofMillis(10)))
            .block(WAIT);
    assertThat(found).as("a page observation ended cancelled").isTrue();
    return Integer.parseInt(page.get());
  }

  private static String outcome(Observation.Context context) {
    var value = context.getLowCardinalityKeyValue(MicrometerPolarListener.OUTCOME_KEY);
    return value == null ? null : value.getValue();
  }
}
