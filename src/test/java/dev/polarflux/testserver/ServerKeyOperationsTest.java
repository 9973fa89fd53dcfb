package dev.polarflux.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.polarflux.internal.JsonValue;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The key operations, over raw HTTP: Polar's answers, state that persists, scopes. */
@Timeout(30)
class ServerKeyOperationsTest {

  private static final LicenseKeyDataset DATASET =
      LicenseKeyDataset.generateOrganizations(2, 3, 400, 5L);
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String PORTAL = "/v1/customer-portal/license-keys/";
  private static final String ORG = "/v1/license-keys/";

  private final MutableClock clock = new MutableClock(NOW);
  private PolarTestServer server;
  private UUID org;
  private String orgToken;

  @BeforeEach
  void start() {
    server = PolarTestServer.builder().dataset(DATASET).clock(clock).build();
    org = DATASET.organizationIds().get(0);
    orgToken = server.organizationToken(org);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A key of the first organisation: granted, never expiring, matching {@code test}. */
  private static LicenseKeyRead usable(Predicate<LicenseKeyRead> test) {
    return DATASET.keysOfOrganization(DATASET.organizationIds().get(0)).stream()
        .filter(k -> k.status().equals(LicenseKeyStatus.GRANTED) && k.expiresAt() == null)
        .filter(test)
        .findFirst()
        .orElseThrow();
  }

  private HttpResponse<byte[]> post(String path, String token, String json) {
    HttpRequest.Builder r =
        Http.request(server, path)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return Http.send(r.build());
  }

  private HttpResponse<byte[]> get(String path, String token) {
    return Http.send(Http.request(server, path).header("Authorization", "Bearer " + token).build());
  }

  private HttpResponse<byte[]> patch(String id, String json) {
    return Http.send(
        Http.request(server, ORG + id)
            .header("Authorization", "Bearer " + orgToken)
            .header("content-type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private String body(LicenseKeyRead k, String extra) {
    return "{\"key\":\"" + k.key() + "\",\"organization_id\":\"" + org + "\"" + extra + "}";
  }

  private static JsonValue json(HttpResponse<byte[]> r) {
    return JsonValue.parse(Http.text(r));
  }

  private static String problem(int status, String error, String detail) {
    return "{\"error\":\"" + error + "\",\"detail\":\"" + detail + "\"}";
  }

  @Test
  void validate_countsEachValidationAndAddsUsage_answersTheModifiedAtFromBefore() {
    LicenseKeyRead k = usable(x -> x.limitUsage() == null);

    HttpResponse<byte[]> first = post(PORTAL + "validate", null, body(k, ",\"increment_usage\":3"));
    clock.advance(Duration.ofMinutes(1));
    HttpResponse<byte[]> second = post(ORG + "validate", orgToken, body(k, ""));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(json(first).get("validations").asText())
        .isEqualTo(Long.toString(k.validations() + 1));
    assertThat(json(first).get("usage").asText()).isEqualTo(Long.toString(k.usage() + 3));
    assertThat(json(first).get("last_validated_at").asText()).isEqualTo("2025-06-01T12:00:00Z");
    assertThat(json(first).get("modified_at").asText())
        .isEqualTo(k.modifiedAt() == null ? "null" : k.modifiedAt().toString());
    assertThat(json(first).get("activation").isNull()).isTrue();
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(json(second).get("validations").asText())
        .isEqualTo(Long.toString(k.validations() + 2));
    assertThat(json(second).get("modified_at").asText()).isEqualTo("2025-06-01T12:00:00Z");
    HttpResponse<byte[]> read = get(ORG + k.id(), orgToken);
    assertThat(json(read).get("modified_at").asText()).isEqualTo("2025-06-01T12:01:00Z");
    assertThat(json(read).get("usage").asText()).isEqualTo(Long.toString(k.usage() + 3));
    assertThat(server.key(k.id()).orElseThrow().validations()).isEqualTo(k.validations() + 2);
  }

  @Test
  void validate_overTheUsageLimit_400BadRequestWithTheRemainder() {
    LicenseKeyRead k = usable(x -> x.limitUsage() != null && x.limitUsage() - x.usage() >= 0);
    long remaining = k.limitUsage() - k.usage();

    HttpResponse<byte[]> r =
        post(PORTAL + "validate", null, body(k, ",\"increment_usage\":" + (remaining + 1)));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Http.text(r))
        .isEqualTo(
            problem(400, "BadRequest", "License key only has " + remaining + " more usages."));
    assertThat(server.key(k.id()).orElseThrow().validations()).isEqualTo(k.validations());
  }

  @Test
  void validate_refusalsInPolarsOrder() {
    LicenseKeyRead revoked =
        DATASET.keysOfOrganization(org).stream()
            .filter(k -> k.status().equals(LicenseKeyStatus.REVOKED))
            .findFirst()
            .orElseThrow();
    LicenseKeyRead expiring = usableExpiring();
    LicenseKeyRead k = usable(x -> true);
    UUID otherOrg = DATASET.organizationIds().get(1);

    assertThat(Http.text(post(PORTAL + "validate", null, body(revoked, ""))))
        .isEqualTo(problem(404, "ResourceNotFound", "License key is no longer active."));
    clock.advance(Duration.ofDays(3650));
    assertThat(Http.text(post(PORTAL + "validate", null, body(expiring, ""))))
        .isEqualTo(problem(404, "ResourceNotFound", "License key has expired."));
    HttpResponse<byte[]> wrongOrg =
        post(
            PORTAL + "validate",
            null,
            "{\"key\":\"" + k.key() + "\",\"organization_id\":\"" + otherOrg + "\"}");
    assertThat(wrongOrg.statusCode()).isEqualTo(404);
    assertThat(Http.text(wrongOrg)).isEqualTo(problem(404, "ResourceNotFound", "Not found"));
    HttpResponse<byte[]> unknownActivation =
        post(
            PORTAL + "validate", null, body(k, ",\"activation_id\":\"" + UUID.randomUUID() + "\""));
    assertThat(unknownActivation.statusCode()).isEqualTo(404);
    HttpResponse<byte[]> wrongBenefit =
        post(PORTAL + "validate", null, body(k, ",\"benefit_id\":\"" + UUID.randomUUID() + "\""));
    assertThat(Http.text(wrongBenefit))
        .isEqualTo(problem(404, "ResourceNotFound", "License key does not match given benefit."));
  }

  private LicenseKeyRead usableExpiring() {
    return DATASET.keysOfOrganization(org).stream()
        .filter(k -> k.status().equals(LicenseKeyStatus.GRANTED) && k.expiresAt() != null)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void validate_missingAndMalformedFields_422WithBodyLocations() {
    HttpResponse<byte[]> r =
        post(PORTAL + "validate", null, "{\"organization_id\":\"nope\",\"increment_usage\":-1}");

    assertThat(r.statusCode()).isEqualTo(422);
    JsonValue detail = json(r).get("detail");
    assertThat(json(r).get("error").asText()).isEqualTo("RequestValidationError");
    assertThat(detail.elements())
        .extracting(d -> d.get("loc").toString())
        .containsExactly(
            "[\"body\",\"key\"]",
            "[\"body\",\"organization_id\"]",
            "[\"body\",\"increment_usage\"]");
    assertThat(detail.elements())
        .extracting(d -> d.get("type").asText())
        .containsExactly("missing", "uuid_parsing", "greater_than_equal");
    assertThat(post(PORTAL + "validate", null, "{not json").statusCode()).isEqualTo(422);
  }

  @Test
  void activate_untilTheLimit_then403_deactivateFreesASlot_secondDeactivate404() {
    LicenseKeyRead k = usable(x -> x.limitActivations() != null && x.limitActivations() == 2);
    String activate = body(k, ",\"label\":\"laptop\",\"meta\":{\"os\":\"linux\",\"cores\":8}");

    HttpResponse<byte[]> a1 = post(PORTAL + "activate", null, activate);
    HttpResponse<byte[]> a2 = post(ORG + "activate", orgToken, activate);
    HttpResponse<byte[]> a3 = post(PORTAL + "activate", null, activate);

    assertThat(a1.statusCode()).isEqualTo(200);
    assertThat(json(a1).get("label").asText()).isEqualTo("laptop");
    assertThat(json(a1).get("meta").toString()).isEqualTo("{\"os\":\"linux\",\"cores\":8}");
    assertThat(json(a1).get("license_key").get("id").asText()).isEqualTo(k.id().toString());
    assertThat(a2.statusCode()).isEqualTo(200);
    assertThat(Http.text(a3))
        .isEqualTo(problem(403, "NotPermitted", "License key activation limit already reached"));
    assertThat(a3.statusCode()).isEqualTo(403);
    String id1 = json(a1).get("id").asText();
    HttpResponse<byte[]> withActivations = get(ORG + k.id(), orgToken);
    assertThat(json(withActivations).get("activations").elements())
        .extracting(a -> a.get("id").asText())
        .containsExactly(id1, json(a2).get("id").asText());
    HttpResponse<byte[]> one = get(ORG + k.id() + "/activations/" + id1, orgToken);
    assertThat(json(one).get("label").asText()).isEqualTo("laptop");
    assertThat(json(one).get("license_key").get("key").asText()).isEqualTo(k.key());

    String deactivate = body(k, ",\"activation_id\":\"" + id1 + "\"");
    HttpResponse<byte[]> d1 = post(PORTAL + "deactivate", null, deactivate);
    HttpResponse<byte[]> d2 = post(PORTAL + "deactivate", null, deactivate);
    HttpResponse<byte[]> a4 = post(PORTAL + "activate", null, activate);

    assertThat(d1.statusCode()).isEqualTo(204);
    assertThat(d1.body()).isEmpty();
    assertThat(d2.statusCode()).isEqualTo(404);
    assertThat(Http.text(d2)).isEqualTo(problem(404, "ResourceNotFound", "Not found"));
    assertThat(a4.statusCode()).isEqualTo(200);
    assertThat(server.activationCount(k.id())).isEqualTo(2);
    assertThat(get(ORG + k.id() + "/activations/" + id1, orgToken).statusCode()).isEqualTo(404);
  }

  @Test
  void activate_keyWithoutActivationLimit_403() {
    LicenseKeyRead k = usable(x -> x.limitActivations() == null);

    HttpResponse<byte[]> r = post(PORTAL + "activate", null, body(k, ",\"label\":\"x\""));

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(Http.text(r))
        .isEqualTo(problem(403, "NotPermitted", "This license key does not support activations."));
  }

  @Test
  void validate_withActivation_conditionsComparedAsJsonValues() {
    LicenseKeyRead k = usable(x -> x.limitActivations() != null);
    HttpResponse<byte[]> a =
        post(
            PORTAL + "activate",
            null,
            body(k, ",\"label\":\"ci\",\"conditions\":{\"major\":1,\"arch\":\"arm\"}"));
    String activation = ",\"activation_id\":\"" + json(a).get("id").asText() + "\"";

    HttpResponse<byte[]> same =
        post(
            PORTAL + "validate",
            null,
            body(k, activation + ",\"conditions\":{\"arch\":\"arm\",\"major\":1.0}"));
    HttpResponse<byte[]> other =
        post(
            PORTAL + "validate",
            null,
            body(k, activation + ",\"conditions\":{\"major\":2,\"arch\":\"arm\"}"));

    assertThat(same.statusCode()).isEqualTo(200);
    assertThat(json(same).get("activation").get("label").asText()).isEqualTo("ci");
    assertThat(Http.text(other))
        .isEqualTo(
            problem(404, "ResourceNotFound", "License key does not match required conditions"));
  }

  @Test
  void update_changesOnlyTheFieldsSent_andShowsInLaterListsAndGets() {
    LicenseKeyRead k = usable(x -> true);

    HttpResponse<byte[]> r = patch(k.id().toString(), "{\"status\":\"revoked\",\"limit_usage\":7}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("status").asText()).isEqualTo("revoked");
    assertThat(json(r).get("limit_usage").asText()).isEqualTo("7");
    assertThat(json(r).get("usage").asText()).isEqualTo(Long.toString(k.usage()));
    assertThat(json(r).get("modified_at").asText()).isEqualTo("2025-06-01T12:00:00Z");
    HttpResponse<byte[]> revoked = get(ORG + "?status=revoked&limit=100", orgToken);
    assertThat(Http.page(revoked).items()).extracting(LicenseKeyRead::id).contains(k.id());
    String customer = server.customerToken(k.customerId());
    HttpResponse<byte[]> portal = get(PORTAL + k.id(), customer);
    assertThat(json(portal).get("status").asText()).isEqualTo("revoked");
    assertThat(json(portal).get("activations").elements()).isEmpty();
  }

  @Test
  void update_outOfRangeLimits_422() {
    LicenseKeyRead k = usable(x -> true);

    HttpResponse<byte[]> r =
        patch(k.id().toString(), "{\"limit_activations\":51,\"limit_usage\":0}");

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(json(r).get("detail").elements())
        .extracting(d -> d.get("type").asText())
        .containsExactly("less_than_equal", "greater_than");
    assertThat(server.key(k.id()).orElseThrow()).isEqualTo(k);
  }

  @Test
  void customerToken_seesOnlyItsKeys_andNotTheOrganizationPaths() {
    UUID customer = DATASET.customerIds(org).get(1);
    String token = server.customerToken(customer);
    List<LicenseKeyRead> own = DATASET.keysOfCustomer(customer);
    LicenseKeyRead someoneElses = DATASET.keysOfCustomer(DATASET.customerIds(org).get(0)).get(0);

    HttpResponse<byte[]> list = get(PORTAL + "?limit=100", token);
    HttpResponse<byte[]> organizationList = get(ORG, token);
    HttpResponse<byte[]> otherKey = get(PORTAL + someoneElses.id(), token);

    assertThat(Http.page(list).items()).isEqualTo(own.subList(0, Math.min(100, own.size())));
    assertThat(Http.page(list).pagination().totalCount()).isEqualTo(own.size());
    assertThat(organizationList.statusCode()).isEqualTo(401);
    assertThat(Http.text(organizationList))
        .isEqualTo("{\"error\":\"Unauthorized\",\"detail\":\"Unauthorized\"}");
    assertThat(otherKey.statusCode()).isEqualTo(404);
    assertThat(get(PORTAL, orgToken).statusCode()).isEqualTo(401);
  }

  @Test
  void organizationToken_listsItsOrganization_filtersAndOrAndAnd() {
    UUID otherOrg = DATASET.organizationIds().get(1);
    List<LicenseKeyRead> own = DATASET.keysOfOrganization(org);
    UUID b0 = DATASET.benefitIds(org).get(0);
    UUID b1 = DATASET.benefitIds(org).get(1);

    HttpResponse<byte[]> all = get(ORG + "?limit=100&page=2", orgToken);
    HttpResponse<byte[]> other = get(ORG + "?organization_id=" + otherOrg, orgToken);
    HttpResponse<byte[]> filtered =
        get(
            ORG
                + "?limit=100&benefit_id="
                + b0
                + "&benefit_id="
                + b1
                + "&status=granted&status=disabled&organization_id="
                + org,
            orgToken);
    HttpResponse<byte[]> bad = get(ORG + "?status=lost", orgToken);

    assertThat(Http.page(all).items()).isEqualTo(own.subList(100, Math.min(200, own.size())));
    assertThat(Http.page(all).pagination().totalCount()).isEqualTo(own.size());
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(Http.page(other).items()).isEmpty();
    assertThat(Http.page(other).pagination().totalCount()).isZero();
    assertThat(Http.page(other).pagination().maxPage()).isZero();
    List<LicenseKeyRead> expected =
        own.stream()
            .filter(k -> k.benefitId().equals(b0) || k.benefitId().equals(b1))
            .filter(k -> !k.status().equals(LicenseKeyStatus.REVOKED))
            .toList();
    assertThat(Http.page(filtered).pagination().totalCount()).isEqualTo(expected.size());
    assertThat(Http.page(filtered).items())
        .isEqualTo(expected.subList(0, Math.min(100, expected.size())));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(Http.text(bad))
        .isEqualTo(
            "{\"error\":\"RequestValidationError\",\"detail\":[{\"type\":\"enum\",\"loc\":[\"query\",\"status\"],"
                + "\"msg\":\"Input should be 'granted', 'revoked' or 'disabled'\",\"input\":\"lost\","
                + "\"ctx\":{\"expected\":\"'granted', 'revoked' or 'disabled'\"}}]}");
    LicenseKeyRead foreign = DATASET.keysOfOrganization(otherOrg).get(0);
    assertThat(get(ORG + foreign.id(), orgToken).statusCode()).isEqualTo(404);
    assertThat(
            post(
                    ORG + "validate",
                    orgToken,
                    "{\"key\":\"" + foreign.key() + "\",\"organization_id\":\"" + otherOrg + "\"}")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void organizationOperations_withoutAnOrganizationToken_401() {
    LicenseKeyRead k = usable(x -> true);

    assertThat(post(ORG + "validate", null, body(k, "")).statusCode()).isEqualTo(401);
    assertThat(post(ORG + "validate", server.token(), body(k, "")).statusCode()).isEqualTo(401);
    assertThat(post(ORG + "validate", "polar_oat_unknown", body(k, "")).statusCode())
        .isEqualTo(401);
    assertThat(server.key(k.id()).orElseThrow().validations()).isEqualTo(k.validations());
  }

  @Test
  void resetAfterProcessing_activationHappensAndTheAnswerIsLost() {
    LicenseKeyRead k = usable(x -> x.limitActivations() != null && x.limitActivations() >= 2);
    server.faults().on(Operation.CUSTOMER_PORTAL_ACTIVATE, Fault.resetAfterProcessing());
    String activate = body(k, ",\"label\":\"phone\"");

    assertThatThrownBy(
            () ->
                Http.send(
                    Http.freshClient(),
                    Http.request(server, PORTAL + "activate")
                        .POST(HttpRequest.BodyPublishers.ofString(activate))
                        .build()))
        .isInstanceOf(UncheckedIOException.class);
    HttpResponse<byte[]> retry = post(PORTAL + "activate", null, activate);

    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(server.activationCount(k.id())).isEqualTo(2);
    assertThat(server.requests())
        .filteredOn(r -> r.operation().orElseThrow() == Operation.CUSTOMER_PORTAL_ACTIVATE)
        .extracting(RecordedRequest::status)
        .containsExactly(0, 200);
    assertThat(server.faults().injectedByKind()).containsEntry("reset-after-processing", 1);
  }

  @Test
  void resetBeforeHeaders_onAnOperation_changesNothing() {
    LicenseKeyRead k = usable(x -> true);
    server.faults().on(Operation.CUSTOMER_PORTAL_VALIDATE, Fault.resetBeforeHeaders());

    assertThatThrownBy(
            () ->
                Http.send(
                    Http.freshClient(),
                    Http.request(server, PORTAL + "validate")
                        .POST(HttpRequest.BodyPublishers.ofString(body(k, "")))
                        .build()))
        .isInstanceOf(UncheckedIOException.class);

    assertThat(server.key(k.id()).orElseThrow().validations()).isEqualTo(k.validations());
    assertThat(server.requests())
        .extracting(RecordedRequest::method, RecordedRequest::path)
        .containsExactly(tuple("POST", PORTAL + "validate"));
  }

  @Test
  void faultOnOneOperation_leavesTheOthersAlone() {
    LicenseKeyRead k = usable(x -> true);
    server.faults().on(Operation.GET, Fault.status(503));

    HttpResponse<byte[]> validated = post(ORG + "validate", orgToken, body(k, ""));
    HttpResponse<byte[]> got = get(ORG + k.id(), orgToken);
    HttpResponse<byte[]> again = get(ORG + k.id(), orgToken);

    assertThat(validated.statusCode()).isEqualTo(200);
    assertThat(got.statusCode()).isEqualTo(503);
    assertThat(again.statusCode()).isEqualTo(200);
  }

  @Test
  void invalidPathId_422AtThePath() {
    HttpResponse<byte[]> r = get(ORG + "not-a-uuid", orgToken);

    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(json(r).get("detail").elements().get(0).get("loc").toString())
        .isEqualTo("[\"path\",\"id\"]");
  }
}
