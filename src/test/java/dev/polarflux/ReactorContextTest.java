package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import dev.polarflux.testserver.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * The subscriber's Reactor {@link Context} reaches the token supplier for every page request, over
 * real HTTP: the embedded server accepts only the token the context selects.
 */
class ReactorContextTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static PolarTestServer server;
  private final List<String> asked = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServer() {
    server =
        PolarTestServer.builder()
            .dataset(LicenseKeyDataset.generate(250, 9L))
            .token("polar_cst_acme")
            .build();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void clear() {
    server.clearRequests();
    asked.clear();
  }

  /** A client whose token is chosen by the tenant in the subscriber's context. */
  private PolarClient client(UnaryOperator<PolarClient> mode) {
    return mode.apply(
        PolarClient.create()
            .baseUrl(server.baseUrl())
            .token(
                Mono.deferContextual(
                    ctx -> {
                      String tenant = ctx.getOrDefault("tenant", "none");
                      asked.add(tenant);
                      return Mono.just("polar_cst_" + tenant);
                    })));
  }

  private static UnaryOperator<PolarClient> mode(String name) {
    return switch (name) {
      case "streaming" -> c -> c.streaming(true);
      case "concurrent" -> c -> c.concurrency(3);
      default -> c -> c;
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"whole-pages", "streaming", "concurrent"})
  void subscriberContext_reachesTheTokenSupplierForEveryPageRequest(String mode) {
    try (PolarClient polar = client(mode(mode))) {
      StepVerifier.create(
              polar
                  .licenseKeys(LicenseKeyQuery.create().limit(100))
                  .contextWrite(Context.of("tenant", "acme")))
          .expectNextCount(250)
          .expectComplete()
          .verify(WAIT);
    }

    assertThat(server.pagesRequested()).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(server.requests()).allMatch(RecordedRequest::authorized);
    assertThat(asked).containsExactly("acme", "acme", "acme");
  }

  @ParameterizedTest
  @ValueSource(strings = {"whole-pages", "streaming", "concurrent"})
  void anotherTenantsContext_sendsItsTokenAndIsRefused(String mode) {
    try (PolarClient polar = client(mode(mode))) {
      StepVerifier.create(
              polar
                  .licenseKeys(LicenseKeyQuery.create().limit(100))
                  .contextWrite(Context.of("tenant", "globex")))
          .expectError(PolarUnauthorizedException.class)
          .verify(WAIT);
    }

    assertThat(server.requests()).hasSize(1).noneMatch(RecordedRequest::authorized);
    assertThat(asked).containsExactly("globex");
  }
}
