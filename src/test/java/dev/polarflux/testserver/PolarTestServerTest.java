package dev.polarflux.testserver;

import static dev.polarflux.testserver.Http.LIST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.internal.PageBody;
import dev.polarflux.model.LicenseKeyRead;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class PolarTestServerTest {

  private static final LicenseKeyDataset KEYS_25 = LicenseKeyDataset.generate(25, 42L);

  private final List<PolarTestServer> servers = new ArrayList<>();

  @AfterEach
  void closeServers() {
    servers.forEach(PolarTestServer::close);
  }

  private PolarTestServer start(LicenseKeyDataset dataset) {
    PolarTestServer server = PolarTestServer.start(dataset);
    servers.add(server);
    return server;
  }

  @Test
  void acceptAnyToken_servesEveryBearerTokenAndStillRejectsNone() {
    PolarTestServer server =
        PolarTestServer.builder().dataset(KEYS_25).acceptAnyToken(true).build();
    servers.add(server);

    HttpResponse<byte[]> customer =
        Http.send(
            Http.request(server, LIST)
                .header("Authorization", "Bearer polar_cst_another_customer")
                .build());
    HttpResponse<byte[]> anonymous = Http.send(Http.request(server, LIST).build());

    assertThat(customer.statusCode()).isEqualTo(200);
    assertThat(Http.page(customer).items()).hasSize(10);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(server.requests())
        .extracting(RecordedRequest::authorized)
        .containsExactly(true, false);
  }

  @Test
  void connectionsOpened_countsAKeptAliveConnectionOnce() {
    PolarTestServer server = start(KEYS_25);
    java.net.http.HttpClient client = Http.freshClient();

    for (int page = 1; page <= 3; page++) {
      Http.send(client, Http.authorized(server, LIST + "?page=" + page).build());
    }

    assertThat(server.requestCount()).isEqualTo(3);
    assertThat(server.connectionsOpened()).isEqualTo(1);
    assertThat(server.maxConcurrentRequests()).isEqualTo(1);
  }

  @Test
  void list_defaultQuery_firstTenKeysAndPagination() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response = Http.list(server, "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    PageBody page = Http.page(response);
    assertThat(page.items()).isEqualTo(KEYS_25.keys().subList(0, 10));
    assertThat(page.pagination().totalCount()).isEqualTo(25);
    assertThat(page.pagination().maxPage()).isEqualTo(3);
  }

  @Test
  void list_everyPage_concatenatesToTheDatasetInOrder() {
    LicenseKeyDataset dataset = LicenseKeyDataset.generateVaried(103, 3L);
    PolarTestServer server = start(dataset);

    List<LicenseKeyRead> all = new ArrayList<>();
    for (int p = 1; p <= 15; p++) {
      PageBody page = Http.page(Http.list(server, "page=" + p + "&limit=7"));
      assertThat(page.pagination().maxPage()).isEqualTo(15);
      assertThat(page.items()).hasSize(p < 15 ? 7 : 5);
      all.addAll(page.items());
    }

    assertThat(all).isEqualTo(dataset.keys());
    assertThat(server.pagesRequested())
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  }

  @ParameterizedTest
  @CsvSource({
    "0, 10, 0",
    "1, 10, 1",
    "10, 10, 1",
    "11, 10, 2",
    "25, 1, 25",
    "100, 100, 1",
    "101, 100, 2",
    "250, 1000, 3"
  })
  void list_maxPage_isCeilOfTotalOverClampedLimit(int total, int limit, int maxPage) {
    PolarTestServer server = start(LicenseKeyDataset.generate(total, 1L));

    PageBody page = Http.page(Http.list(server, "limit=" + limit));

    assertThat(page.pagination().totalCount()).isEqualTo(total);
    assertThat(page.pagination().maxPage()).isEqualTo(maxPage);
  }

  @Test
  void list_limitAbove100_clampedTo100() {
    LicenseKeyDataset dataset = LicenseKeyDataset.generate(150, 2L);
    PolarTestServer server = start(dataset);

    PageBody page = Http.page(Http.list(server, "limit=250"));

    assertThat(page.items()).isEqualTo(dataset.keys().subList(0, 100));
    assertThat(page.pagination().maxPage()).isEqualTo(2);
    assertThat(server.requests().get(0).limit())
        .as("logged as sent, before clamping")
        .isEqualTo(250);
  }

  @Test
  void list_pagePastTheEnd_emptyItemsSamePagination() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response = Http.list(server, "page=4&limit=10");
    HttpResponse<byte[]> huge = Http.list(server, "page=99999999999");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.text(response))
        .isEqualTo("{\"items\":[],\"pagination\":{\"total_count\":25,\"max_page\":3}}");
    assertThat(huge.statusCode()).isEqualTo(200);
    assertThat(Http.page(huge).items()).isEmpty();
  }

  @Test
  void list_noKeys_emptyItemsAndMaxPageZero() {
    PolarTestServer server = start(LicenseKeyDataset.generate(0, 1L));

    HttpResponse<byte[]> response = Http.list(server, "");

    assertThat(Http.text(response))
        .isEqualTo("{\"items\":[],\"pagination\":{\"total_count\":0,\"max_page\":0}}");
  }

  @Test
  void list_benefitId_onlyKeysOfThatBenefitInOrder() {
    LicenseKeyDataset dataset = LicenseKeyDataset.generate(120, 6L);
    PolarTestServer server = start(dataset);
    UUID benefit = dataset.benefitIds().get(2);
    List<LicenseKeyRead> expected =
        dataset.keys().stream().filter(k -> k.benefitId().equals(benefit)).toList();

    PageBody page = Http.page(Http.list(server, "limit=100&benefit_id=" + benefit));

    assertThat(expected).hasSizeBetween(1, 100);
    assertThat(page.items()).isEqualTo(expected);
    assertThat(page.pagination().totalCount()).isEqualTo(expected.size());
  }

  @Test
  void list_unknownBenefitId_noKeys() {
    PolarTestServer server = start(KEYS_25);

    PageBody page = Http.page(Http.list(server, "benefit_id=" + new UUID(0, 1)));

    assertThat(page.items()).isEmpty();
    assertThat(page.pagination().maxPage()).isZero();
  }

  @Test
  void list_organizationId_ignoredButLogged() {
    PolarTestServer server = start(KEYS_25);
    UUID other = new UUID(7, 7);

    PageBody page =
        Http.page(
            Http.list(server, "organization_id=" + other + "&organization_id=not-a-uuid&limit=25"));

    assertThat(page.items()).isEqualTo(KEYS_25.keys());
    assertThat(server.requests().get(0).queryParameter("organization_id"))
        .containsExactly(other.toString(), "not-a-uuid");
  }

  @Test
  void list_pageZero_422GreaterThan() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response = Http.list(server, "page=0");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(Http.text(response))
        .isEqualTo(
            "{\"error\":\"RequestValidationError\",\"detail\":[{\"type\":\"greater_than\","
                + "\"loc\":[\"query\",\"page\"],\"msg\":\"Input should be greater than 0\","
                + "\"input\":\"0\",\"ctx\":{\"gt\":0}}]}");
  }

  @Test
  void list_negativeLimit_422GreaterThan() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response = Http.list(server, "limit=-5");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(Http.text(response))
        .isEqualTo(
            "{\"error\":\"RequestValidationError\",\"detail\":[{\"type\":\"greater_than\","
                + "\"loc\":[\"query\",\"limit\"],\"msg\":\"Input should be greater than 0\","
                + "\"input\":\"-5\",\"ctx\":{\"gt\":0}}]}");
  }

  @Test
  void list_limitNotAnInteger_422IntParsingWithoutCtx() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response = Http.list(server, "limit=ten");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(Http.text(response))
        .isEqualTo(
            "{\"error\":\"RequestValidationError\",\"detail\":[{\"type\":\"int_parsing\","
                + "\"loc\":[\"query\",\"limit\"],\"msg\":\"Input should be a valid integer,"
                + " unable to parse string as an integer\",\"input\":\"ten\"}]}");
    assertThat(server.requests().get(0).limit()).isNull();
    assertThat(server.requests().get(0).status()).isEqualTo(422);
  }

  @Test
  void list_benefitIdNotAUuid_422UuidParsing() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response = Http.list(server, "benefit_id=abc");

    assertThat(response.statusCode()).isEqualTo(422);
    String reason = "invalid length: expected length 32 for simple format, found 3";
    assertThat(Http.text(response))
        .isEqualTo(
            "{\"error\":\"RequestValidationError\",\"detail\":[{\"type\":\"uuid_parsing\","
                + "\"loc\":[\"query\",\"benefit_id\"],\"msg\":\"Input should be a valid UUID, "
                + reason
                + "\",\"input\":\"abc\",\"ctx\":{\"error\":\""
                + reason
                + "\"}}]}");
  }

  @Test
  void list_benefitIdWithInvalidCharacter_422NamesCharacterAndPosition() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response =
        Http.list(server, "benefit_id=1234567x-1234-1234-1234-123456789012");

    assertThat(Http.text(response))
        .contains(
            "\"msg\":\"Input should be a valid UUID, invalid character: expected an optional"
                + " prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `x` at 8\"");
  }

  @Test
  void list_benefitIdInSimpleOrUrnForm_accepted() {
    LicenseKeyDataset dataset = LicenseKeyDataset.generate(40, 6L);
    PolarTestServer server = start(dataset);
    UUID benefit = dataset.benefitIds().get(0);

    PageBody simple =
        Http.page(Http.list(server, "limit=100&benefit_id=" + benefit.toString().replace("-", "")));
    PageBody urn = Http.page(Http.list(server, "limit=100&benefit_id=urn:uuid:" + benefit));

    assertThat(simple.items()).isNotEmpty().allMatch(k -> k.benefitId().equals(benefit));
    assertThat(urn.items()).isEqualTo(simple.items());
  }

  @Test
  void list_severalInvalidParameters_oneDetailEachInPydanticOrder() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response = Http.list(server, "benefit_id=x&limit=0&page=one");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(Http.text(response))
        .containsSubsequence(
            "\"type\":\"int_parsing\",\"loc\":[\"query\",\"page\"]",
            "\"type\":\"greater_than\",\"loc\":[\"query\",\"limit\"]",
            "\"type\":\"uuid_parsing\",\"loc\":[\"query\",\"benefit_id\"]");
  }

  @Test
  void list_repeatedPage_lastValueWins() {
    PolarTestServer server = start(KEYS_25);

    PageBody page = Http.page(Http.list(server, "page=1&page=3"));

    assertThat(page.items()).isEqualTo(KEYS_25.keys().subList(20, 25));
    assertThat(server.pagesRequested()).containsExactly(3);
  }

  @Test
  void list_noAuthorization_401UnauthorizedWithBearerChallenge() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response = Http.send(Http.request(server, LIST).build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Http.text(response))
        .isEqualTo("{\"error\":\"Unauthorized\",\"detail\":\"Unauthorized\"}");
    assertThat(response.headers().allValues("www-authenticate"))
        .containsExactly("Bearer realm=\"polar\"");
    assertThat(server.requests().get(0).authorized()).isFalse();
  }

  @Test
  void list_basicScheme_401Unauthorized() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response =
        Http.send(
            Http.request(server, LIST).header("Authorization", "Basic " + server.token()).build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Http.text(response))
        .isEqualTo("{\"error\":\"Unauthorized\",\"detail\":\"Unauthorized\"}");
  }

  @Test
  void list_wrongToken_401InvalidTokenWithRfc6750Challenge() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response =
        Http.send(
            Http.request(server, LIST)
                .header("Authorization", "Bearer polar_cst_" + "x".repeat(43))
                .build());

    String description =
        "The access token provided is expired, revoked, malformed, or invalid for other reasons.";
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(Http.text(response))
        .isEqualTo("{\"error\":\"invalid_token\",\"error_description\":\"" + description + "\"}");
    assertThat(response.headers().allValues("www-authenticate"))
        .containsExactly(
            "Bearer realm=\"polar\", error=\"invalid_token\", error_description=\""
                + description
                + "\"");
  }

  @Test
  void list_lowerCaseBearerScheme_authorized() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response =
        Http.send(
            Http.request(server, LIST).header("Authorization", "bearer " + server.token()).build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(server.requests().get(0).authorized()).isTrue();
  }

  @Test
  void list_unauthorizedAndInvalid_401BeforeValidation() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response = Http.send(Http.request(server, LIST + "?page=0").build());

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @ParameterizedTest
  @CsvSource({"2026-04, 2026-04", "2026-10, 2026-10"})
  void list_supportedPolarVersion_echoed(String sent, String echoed) {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response =
        Http.send(Http.authorized(server, LIST).header("Polar-Version", sent).build());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("polar-version")).containsExactly(echoed);
    assertThat(server.requests().get(0).polarVersion()).isEqualTo(sent);
  }

  @Test
  void list_noPolarVersion_echoesDefault() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response = Http.list(server, "");

    assertThat(response.headers().allValues("polar-version")).containsExactly("2026-04");
    assertThat(server.requests().get(0).polarVersion()).isNull();
  }

  @Test
  void list_unsupportedPolarVersion_404NotFound() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response =
        Http.send(Http.authorized(server, LIST).header("Polar-Version", "2025-01").build());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Http.text(response)).isEqualTo("{\"detail\":\"Not Found\"}");
  }

  @Test
  void list_pathWithoutTrailingSlash_307ToSlashedPathKeepingQuery() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response =
        Http.send(
            Http.authorized(server, "/v1/customer-portal/license-keys?page=2&limit=5").build());

    assertThat(response.statusCode()).isEqualTo(307);
    assertThat(response.headers().firstValue("location"))
        .hasValue(server.baseUrl() + LIST + "?page=2&limit=5");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void server_otherPath_404NotFound() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response = Http.send(Http.authorized(server, "/v1/orders/").build());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(Http.text(response)).isEqualTo("{\"detail\":\"Not Found\"}");
    assertThat(server.pagesRequested()).isEmpty();
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void list_post_405MethodNotAllowed() {
    PolarTestServer server = start(KEYS_25);

    HttpResponse<byte[]> response =
        Http.send(Http.authorized(server, LIST).POST(HttpRequest.BodyPublishers.noBody()).build());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("GET");
  }

  @Test
  void requests_log_recordsEachRequestAndNeverTheToken() {
    PolarTestServer server = start(KEYS_25);
    Http.send(
        Http.authorized(server, LIST + "?page=2&limit=5&benefit_id=" + KEYS_25.benefitIds().get(0))
            .header("Polar-Version", "2026-10")
            .header("User-Agent", "test-agent")
            .build());
    Http.send(Http.request(server, LIST + "?page=x").build());

    List<RecordedRequest> log = server.requests();

    assertThat(log).hasSize(2);
    RecordedRequest first = log.get(0);
    assertThat(first.method()).isEqualTo("GET");
    assertThat(first.path()).isEqualTo(LIST);
    assertThat(first.rawQuery()).startsWith("page=2&limit=5&benefit_id=");
    assertThat(first.page()).isEqualTo(2);
    assertThat(first.limit()).isEqualTo(5);
    assertThat(first.authorized()).isTrue();
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.polarVersion()).isEqualTo("2026-10");
    assertThat(first.header("Authorization")).containsExactly("<redacted>");
    assertThat(first.header("user-agent")).containsExactly("test-agent");
    assertThat(first.queryParameter("benefit_id"))
        .containsExactly(KEYS_25.benefitIds().get(0).toString());
    RecordedRequest second = log.get(1);
    assertThat(second.page()).isNull();
    assertThat(second.limit()).isEqualTo(10);
    assertThat(second.authorized()).isFalse();
    assertThat(second.status()).isEqualTo(401);
    assertThat(second.headers()).doesNotContainKey("authorization");
    assertThat(log.toString()).doesNotContain(server.token());
    assertThat(server.pagesRequested()).containsExactly(2);
  }

  @Test
  void clearRequests_afterTwoRequests_emptiesTheLog() {
    PolarTestServer server = start(KEYS_25);
    Http.list(server, "");
    Http.list(server, "page=2");

    server.clearRequests();
    Http.list(server, "page=3");

    assertThat(server.requestCount()).isEqualTo(1);
    assertThat(server.pagesRequested()).containsExactly(3);
  }

  @Test
  void recordedRequest_authorizationHeader_redactedInAnyCase() {
    RecordedRequest r =
        new RecordedRequest(
            "GET",
            LIST,
            "",
            1,
            10,
            true,
            200,
            null,
            java.util.Map.of("AUTHORIZATION", List.of("Bearer secret")),
            java.time.Instant.EPOCH);

    assertThat(r.headers()).containsOnlyKeys("authorization");
    assertThat(r.header("Authorization")).containsExactly("<redacted>");
    assertThat(r.queryParameter("page")).isEmpty();
  }

  @Test
  void token_generated_isCustomerSessionTokenShaped() {
    PolarTestServer a = start(KEYS_25);
    PolarTestServer b = start(KEYS_25);

    assertThat(a.token()).matches("polar_cst_[A-Za-z0-9_-]{43}");
    assertThat(a.token()).isNotEqualTo(b.token());
  }

  @Test
  void baseUrl_defaults_loopbackBoundPortNoTrailingSlash() {
    PolarTestServer server = start(KEYS_25);

    assertThat(server.baseUrl()).matches("http://127\\.0\\.0\\.1:[1-9][0-9]*");
    assertThat(server.dataset()).isSameAs(KEYS_25);
  }

  @Test
  void builder_customToken_onlyThatTokenAccepted() {
    PolarTestServer server =
        PolarTestServer.builder().dataset(KEYS_25).token("polar_mst_custom").build();
    servers.add(server);

    HttpResponse<byte[]> ok =
        Http.send(
            Http.request(server, LIST).header("Authorization", "Bearer polar_mst_custom").build());

    assertThat(server.token()).isEqualTo("polar_mst_custom");
    assertThat(ok.statusCode()).isEqualTo(200);
  }

  @Test
  void builder_latency_delaysEveryAnswer() {
    PolarTestServer server =
        PolarTestServer.builder().dataset(KEYS_25).latency(Duration.ofMillis(300)).build();
    servers.add(server);

    long start = System.nanoTime();
    HttpResponse<byte[]> response = Http.list(server, "");
    long elapsed = System.nanoTime() - start;

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(elapsed)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  @Test
  void builder_invalidArguments_namedMessages() {
    PolarTestServer.Builder builder = PolarTestServer.builder();

    assertThatThrownBy(() -> builder.port(70_000))
        .hasMessage("port must be between 0 and 65535, was: 70000");
    assertThatThrownBy(() -> builder.latency(Duration.ofMillis(-1)))
        .hasMessage("latency must not be negative, was: PT-0.001S");
    assertThatThrownBy(() -> builder.token("has space"))
        .hasMessage("token must not contain whitespace or control characters");
    assertThatThrownBy(() -> builder.host(" ")).hasMessage("host must not be blank");
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("dataset must be set");
  }

  @Test
  void close_calledTwice_stopsAcceptingConnections() {
    PolarTestServer server = PolarTestServer.start(KEYS_25);
    HttpRequest request = Http.authorized(server, LIST).build();
    assertThat(Http.send(request).statusCode()).isEqualTo(200);

    server.close();
    server.close();

    assertThatThrownBy(
            () -> Http.freshClient().send(request, HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void close_answerPending_connectionClosed() {
    PolarTestServer server = PolarTestServer.start(KEYS_25);
    server.faults().next(Fault.delay(Duration.ofSeconds(30)));
    CompletableFuture<HttpResponse<byte[]>> pending =
        Http.freshClient()
            .sendAsync(
                Http.authorized(server, LIST).build(), HttpResponse.BodyHandlers.ofByteArray());
    Http.awaitRequests(server, 1);

    server.close();

    assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(IOException.class);
  }
}
