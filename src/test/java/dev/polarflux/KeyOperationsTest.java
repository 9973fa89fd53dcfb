package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polarflux.ScriptedServer.Step;
import dev.polarflux.internal.Fixtures;
import dev.polarflux.model.LicenseKeyActivate;
import dev.polarflux.model.LicenseKeyActivationRead;
import dev.polarflux.model.LicenseKeyDeactivate;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.LicenseKeyUpdate;
import dev.polarflux.model.LicenseKeyValidate;
import dev.polarflux.model.ValidatedLicenseKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * The single-key operations over real HTTP against a scripted server: what goes on the wire, what
 * each answer becomes, and which failures are retried — a request that changes state only when it
 * surely never reached the server.
 */
class KeyOperationsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "polar_oat_" + "x".repeat(43);
  private static final UUID ORG = UUID.fromString("1dbfc517-0bbf-4301-9ba8-555ca42b9737");
  private static final UUID ACTIVATION = UUID.fromString("5a0d4c6e-8f1b-4a2c-9e3d-7b6a5c4d3e2f");

  private ScriptedServer server;
  private PolarClient polar;

  @AfterEach
  void close() {
    if (polar != null) {
      polar.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static ObjectNode key() {
    try {
      return (ObjectNode)
          JSON.readTree(Fixtures.bytes("page-current.json")).get("items").get(0).deepCopy();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String validated() {
    ObjectNode k = key();
    k.putNull("activation");
    return k.toString();
  }

  private static String activationRead() {
    ObjectNode a = JSON.createObjectNode();
    ObjectNode k = key();
    a.put("id", ACTIVATION.toString());
    a.put("license_key_id", k.get("id").asText());
    a.put("label", "laptop");
    a.putObject("meta");
    a.put("created_at", "2025-05-01T12:00:00Z");
    a.putNull("modified_at");
    a.set("license_key", k);
    return a.toString();
  }

  private static String keyWithActivations() {
    ObjectNode k = key();
    k.putArray("activations");
    return k.toString();
  }

  private PolarClient client(ScriptedServer s) {
    server = s;
    polar =
        PolarClient.create()
            .baseUrl(s.baseUrl())
            .token(TOKEN)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
            .responseTimeout(Duration.ofSeconds(5));
    return polar;
  }

  @Test
  void organizationValidate_postsTheRequestWithTheToken_andDecodesTheAnswer() {
    PolarClient p = client(new ScriptedServer(n -> Step.answer(200, validated())));

    ValidatedLicenseKey v =
        p.organization().validate(LicenseKeyValidate.of("K-1", ORG).incrementUsage(1)).block(WAIT);

    assertThat(v.licenseKey().id()).hasToString(key().get("id").asText());
    assertThat(v.activation()).isNull();
    ScriptedServer.Seen r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.uri()).isEqualTo("/v1/license-keys/validate");
    assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.body())
        .isEqualTo("{\"key\":\"K-1\",\"organization_id\":\"" + ORG + "\",\"increment_usage\":1}");
  }

  @Test
  void customerPortalKeyOperations_sendNoToken_evenFromAClientThatHasOne() {
    PolarClient p =
        client(
            new ScriptedServer(
                n ->
                    switch (n) {
                      case 1 -> Step.answer(200, validated());
                      case 2 -> Step.answer(200, activationRead());
                      default -> Step.answer(204, Map.of(), "");
                    }));

    CustomerPortalLicenseKeys portal = p.customerPortal();
    portal.validate(LicenseKeyValidate.of("K-1", ORG)).block(WAIT);
    LicenseKeyActivationRead a =
        portal.activate(LicenseKeyActivate.of("K-1", ORG, "laptop")).block(WAIT);
    StepVerifier.create(portal.deactivate(new LicenseKeyDeactivate("K-1", ORG, ACTIVATION)))
        .expectComplete()
        .verify(WAIT);

    assertThat(a.activation().label()).isEqualTo("laptop");
    assertThat(server.requests())
        .extracting(ScriptedServer.Seen::uri)
        .containsExactly(
            "/v1/customer-portal/license-keys/validate",
            "/v1/customer-portal/license-keys/activate",
            "/v1/customer-portal/license-keys/deactivate");
    assertThat(server.requests())
        .extracting(ScriptedServer.Seen::authorization)
        .containsOnlyNulls();
  }

  @Test
  void getAndUpdate_useTheKeysPath() {
    UUID id = UUID.fromString(key().get("id").asText());
    PolarClient p =
        client(
            new ScriptedServer(
                n ->
                    n == 1
                        ? Step.answer(200, keyWithActivations())
                        : Step.answer(200, key().toString())));

    assertThat(p.organization().get(id).block(WAIT).activations()).isEmpty();
    p.organization()
        .update(id, LicenseKeyUpdate.create().status(LicenseKeyStatus.REVOKED))
        .block(WAIT);

    assertThat(server.requests())
        .extracting(ScriptedServer.Seen::method, ScriptedServer.Seen::uri)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("GET", "/v1/license-keys/" + id),
            org.assertj.core.groups.Tuple.tuple("PATCH", "/v1/license-keys/" + id));
    assertThat(server.requests().get(1).body()).isEqualTo("{\"status\":\"revoked\"}");
  }

  @Test
  void notFound_isTypedWithPolarsReason_andNotRetried() {
    PolarClient p =
        client(
            new ScriptedServer(
                n ->
                    Step.answer(
                        404,
                        "{\"error\":\"ResourceNotFound\",\"detail\":\"License key has expired.\"}")));

    assertThatThrownBy(
            () -> p.customerPortal().validate(LicenseKeyValidate.of("K", ORG)).block(WAIT))
        .isInstanceOfSatisfying(
            PolarNotFoundException.class,
            e -> {
              assertThat(e.detail()).isEqualTo("License key has expired.");
              assertThat(e.attempts()).isEqualTo(1);
              assertThat(e.page()).isZero();
            })
        .hasMessage(
            "Polar answered 404 Not Found (License key has expired.) on POST"
                + " /v1/customer-portal/license-keys/validate");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void activationLimit_isNotPermitted_andABadRequestNamesPolarsDetail() {
    PolarClient p =
        client(
            new ScriptedServer(
                n ->
                    n == 1
                        ? Step.answer(
                            403,
                            "{\"error\":\"NotPermitted\",\"detail\":\"License key activation limit"
                                + " already reached\"}")
                        : Step.answer(
                            400,
                            "{\"error\":\"BadRequest\",\"detail\":\"License key only has 2 more"
                                + " usages.\"}")));

    assertThatThrownBy(
            () -> p.organization().activate(LicenseKeyActivate.of("K", ORG, "l")).block(WAIT))
        .isInstanceOfSatisfying(
            PolarNotPermittedException.class,
            e -> assertThat(e.detail()).isEqualTo("License key activation limit already reached"));
    assertThatThrownBy(
            () ->
                p.organization()
                    .validate(LicenseKeyValidate.of("K", ORG).incrementUsage(5))
                    .block(WAIT))
        .isInstanceOfSatisfying(
            PolarClientException.class, e -> assertThat(e.status()).isEqualTo(400))
        .hasMessageContaining("License key only has 2 more usages.");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void activate_isNotRetriedAfterAServerError_orAConnectionLostAfterTheRequestWasRead() {
    PolarClient p = client(new ScriptedServer(n -> n == 1 ? Step.answer(503, "{}") : Step.reset()));

    assertThatThrownBy(
            () -> p.organization().activate(LicenseKeyActivate.of("K", ORG, "l")).block(WAIT))
        .isInstanceOfSatisfying(PolarServerException.class, e -> assertThat(e.unsent()).isFalse());
    assertThat(server.requests()).hasSize(1);

    assertThatThrownBy(
            () -> p.organization().activate(LicenseKeyActivate.of("K", ORG, "l")).block(WAIT))
        .isInstanceOfSatisfying(
            PolarConnectionException.class,
            e -> {
              assertThat(e.unsent()).isFalse();
              assertThat(e.attempts()).isEqualTo(1);
            });
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void theSameFailures_areRetriedForReads_andForAValidationThatConsumesNothing() {
    PolarClient p =
        client(
            new ScriptedServer(
                n ->
                    switch (n) {
                      case 1 -> Step.answer(503, "{}");
                      case 2 -> Step.reset();
                      default -> Step.answer(200, validated());
                    }));

    ValidatedLicenseKey v = p.organization().validate(LicenseKeyValidate.of("K", ORG)).block(WAIT);

    assertThat(v).isNotNull();
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void activate_isRetriedAfterA429_whichPolarAnswersBeforeActing() {
    PolarClient p =
        client(
            new ScriptedServer(
                n ->
                    n == 1
                        ? Step.answer(429, Map.of("Retry-After", "0"), "")
                        : Step.answer(200, activationRead())));

    assertThat(p.organization().activate(LicenseKeyActivate.of("K", ORG, "l")).block(WAIT))
        .isNotNull();
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void activate_isRetriedWhenNoConnectionCouldBeMade_theRequestSurelyUnsent() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    polar =
        PolarClient.create()
            .baseUrl("http://127.0.0.1:" + closedPort)
            .token(TOKEN)
            .retries(2)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(5));

    assertThatThrownBy(
            () -> polar.organization().activate(LicenseKeyActivate.of("K", ORG, "l")).block(WAIT))
        .isInstanceOfSatisfying(
            PolarConnectionException.class,
            e -> {
              assertThat(e.unsent()).isTrue();
              assertThat(e.attempts()).isEqualTo(3);
            });
  }

  @Test
  void aCustomRetryPolicy_neverSeesAFailureThatMayHaveTakenEffect() {
    PolarClient p =
        client(new ScriptedServer(n -> Step.reset())).retry(reactor.util.retry.Retry.max(5));

    assertThatThrownBy(
            () -> p.organization().activate(LicenseKeyActivate.of("K", ORG, "l")).block(WAIT))
        .isInstanceOf(PolarConnectionException.class);
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void anErrorBodyQuotingTheToken_neverShowsIt() {
    PolarClient p =
        client(
            new ScriptedServer(
                n ->
                    Step.answer(
                        404,
                        "{\"error\":\"ResourceNotFound\",\"detail\":\"no key for "
                            + TOKEN
                            + "\"}")));

    assertThatThrownBy(() -> p.organization().get(UUID.randomUUID()).block(WAIT))
        .isInstanceOf(PolarNotFoundException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN).contains("no key for"));
  }

  @Test
  void anUndecodableSuccess_isTypedAndNamesTheOperation() {
    PolarClient p = client(new ScriptedServer(n -> Step.answer(200, "{\"id\":\"nope\"}")));

    assertThatThrownBy(() -> p.organization().get(UUID.randomUUID()).block(WAIT))
        .isInstanceOf(PolarDecodingException.class)
        .hasMessageStartingWith("Polar's response to GET /v1/license-keys/");
  }

  @Test
  void theOrganizationScope_needsAToken() {
    polar = PolarClient.create();
    assertThatThrownBy(() -> polar.organization())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("organization access token");
  }

  @Test
  void nothingIsSentBeforeSubscription() {
    PolarClient p = client(new ScriptedServer(n -> Step.answer(200, activationRead())));
    p.organization().activate(LicenseKeyActivate.of("K", ORG, "l"));
    p.customerPortal().deactivate(new LicenseKeyDeactivate("K", ORG, ACTIVATION));
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void anErrorQuotingTheLicenseKey_neverShowsIt_escapedOrNot() {
    String licenseKey = "POLAR-\"KEY\"-1234";
    String escaped = "POLAR-\\\"KEY\\\"-1234";
    PolarClient p =
        client(
            new ScriptedServer(
                n ->
                    n == 1
                        ? Step.answer(
                            422,
                            "{\"error\":\"RequestValidationError\",\"detail\":[{\"type\":\"x\","
                                + "\"loc\":[\"body\",\"key\"],\"msg\":\"bad key "
                                + escaped
                                + "\",\"input\":\""
                                + escaped
                                + "\"}]}")
                        : Step.answer(
                            404, "{\"detail\":\"no key " + licenseKey.replace("\"", "") + "\"}")));

    assertThatThrownBy(
            () -> p.customerPortal().validate(LicenseKeyValidate.of(licenseKey, ORG)).block(WAIT))
        .isInstanceOf(PolarValidationException.class)
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("KEY")
                    .contains("<redacted>")
                    .contains("bad key"));
    assertThat(server.requests().get(0).body()).contains(escaped);
  }

  @Test
  void aHostileAnswer_isATypedError_neverAHangOrAPartialResult() {
    String big = "{\"id\":\"" + "x".repeat(4096) + "\"}";
    PolarClient p =
        client(
                new ScriptedServer(
                    n ->
                        switch (n) {
                          case 1 -> Step.answer(200, big);
                          case 2 ->
                              Step.answer(200, Map.of("Content-Type", "text/html"), "<html/>");
                          case 3 ->
                              Step.answer(200, Map.of("Content-Type", "application/json"), "");
                          default -> Step.answer(200, "{\"id\": ");
                        }))
            .maxBodySize(1024)
            .retries(0);
    OrganizationLicenseKeys keys = p.organization();
    UUID id = UUID.randomUUID();

    assertThatThrownBy(() -> keys.get(id).block(WAIT))
        .isInstanceOf(PolarDecodingException.class)
        .hasMessageContaining("larger than the limit of 1024 bytes");
    assertThatThrownBy(() -> keys.get(id).block(WAIT))
        .isInstanceOf(PolarDecodingException.class)
        .hasMessageContaining("expected application/json, got text/html");
    assertThatThrownBy(() -> keys.get(id).block(WAIT))
        .isInstanceOf(PolarDecodingException.class)
        .hasMessageContaining("the body is empty");
    assertThatThrownBy(() -> keys.get(id).block(WAIT))
        .isInstanceOf(PolarDecodingException.class)
        .hasMessageStartingWith("Polar's response to GET /v1/license-keys/" + id);
    assertThat(server.requests()).hasSize(4);
  }
}
