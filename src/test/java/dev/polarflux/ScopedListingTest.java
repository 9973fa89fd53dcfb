package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.Operation;
import dev.polarflux.testserver.PolarTestServer;
import dev.polarflux.testserver.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.test.StepVerifier;

/**
 * The paging guarantees, over real HTTP, in both of Polar's scopes: a customer's own keys through
 * the customer portal, an organization's keys through {@code /v1/license-keys/}. The request counts
 * are the server's.
 */
class ScopedListingTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final LicenseKeyDataset DATASET =
      LicenseKeyDataset.generateOrganizations(2, 3, 600, 5L);
  private static final int LIMIT = 10;

  private static PolarTestServer server;
  private PolarClient polar;

  /** One of the two listings, with the token it needs and the keys it must list. */
  enum Scope {
    CUSTOMER_PORTAL(Operation.CUSTOMER_PORTAL_LIST, "/v1/customer-portal/license-keys/"),
    ORGANIZATION(Operation.LIST, "/v1/license-keys/");

    final Operation operation;
    final String path;

    Scope(Operation operation, String path) {
      this.operation = operation;
      this.path = path;
    }

    UUID organization() {
      return DATASET.organizationIds().get(1);
    }

    UUID customer() {
      return DATASET.customerIds(organization()).get(0);
    }

    String token() {
      return this == ORGANIZATION
          ? server.organizationToken(organization())
          : server.customerToken(customer());
    }

    List<LicenseKeyRead> expected() {
      return this == ORGANIZATION
          ? DATASET.keysOfOrganization(organization())
          : DATASET.keysOfCustomer(customer());
    }

    LicenseKeyFlux listing(PolarClient polar) {
      PolarClient scoped = polar.token(token());
      return this == ORGANIZATION
          ? scoped.organization().list(OrganizationKeyQuery.create().limit(LIMIT))
          : scoped.customerPortal().list(LicenseKeyQuery.create().limit(LIMIT));
    }
  }

  @BeforeAll
  static void start() {
    server = PolarTestServer.builder().dataset(DATASET).build();
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
            .rateLimit(0)
            .backoff(Duration.ofMillis(1), Duration.ofMillis(5));
  }

  @AfterEach
  void close() {
    polar.close();
  }

  private List<RecordedRequest> requests(Scope scope) {
    return server.requests().stream()
        .filter(r -> r.operation().orElse(null) == scope.operation)
        .toList();
  }

  @Test
  void theDatasetGivesBothScopesSeveralPages() {
    for (Scope scope : Scope.values()) {
      assertThat(scope.expected().size()).as(scope.name()).isGreaterThan(3 * LIMIT);
    }
  }

  @ParameterizedTest
  @EnumSource(Scope.class)
  void everyKey_inOrder_onePagePerRequest_atAnyConcurrency(Scope scope) {
    for (int concurrency : new int[] {1, 4}) {
      server.clearRequests();
      List<LicenseKeyRead> keys =
          scope.listing(polar.concurrency(concurrency)).collectList().block(WAIT);

      assertThat(keys).as("concurrency %d", concurrency).isEqualTo(scope.expected());
      int pages = (scope.expected().size() + LIMIT - 1) / LIMIT;
      assertThat(requests(scope)).hasSize(pages);
      assertThat(requests(scope)).allSatisfy(r -> assertThat(r.path()).isEqualTo(scope.path));
      assertThat(requests(scope)).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }
  }

  @ParameterizedTest
  @EnumSource(Scope.class)
  void request1_sendsOneRequest_andTakeN_sendsCeilNOverLimit(Scope scope) {
    StepVerifier.create(scope.listing(polar), 1)
        .expectNext(scope.expected().get(0))
        .thenCancel()
        .verify(WAIT);
    assertThat(requests(scope)).hasSize(1);

    server.clearRequests();
    List<LicenseKeyRead> first25 = scope.listing(polar).take(25).collectList().block(WAIT);
    assertThat(first25).isEqualTo(scope.expected().subList(0, 25));
    assertThat(requests(scope)).extracting(RecordedRequest::page).containsExactly(1, 2, 3);
  }

  @ParameterizedTest
  @EnumSource(Scope.class)
  void aCancelledListing_sendsNothingMore(Scope scope) {
    StepVerifier.create(scope.listing(polar.concurrency(4)).take(LIMIT), 0)
        .thenRequest(LIMIT)
        .expectNextCount(LIMIT)
        .verifyComplete();
    int sent = requests(scope).size();
    // The first page tells max_page; nothing beyond what the demand needed, and nothing after.
    assertThat(sent).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Scope.class)
  void aFailedPage_namesItself_andTheListingResumesThere_noKeyLostOrRepeated(Scope scope) {
    server.faults().onPage(3, Fault.status(500));
    PolarClient noRetry = polar.retries(0);
    List<LicenseKeyRead> seen = new ArrayList<>();

    StepVerifier.create(scope.listing(noRetry).doOnNext(seen::add))
        .expectNextCount(2 * LIMIT)
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(PolarServerException.class)
                    .extracting("page")
                    .isEqualTo(3))
        .verify(WAIT);

    int failedPage = 3;
    seen.addAll(scope.listing(noRetry).fromPage(failedPage).collectList().block(WAIT));
    assertThat(seen).isEqualTo(scope.expected());
  }

  @ParameterizedTest
  @EnumSource(Scope.class)
  void aRetriedPage_isFetchedAgainAlone_streamingOrNot(Scope scope) {
    for (boolean streaming : new boolean[] {false, true}) {
      server.clearRequests();
      server.faults().onPage(2, Fault.status(503));
      List<LicenseKeyRead> keys =
          scope.listing(polar.streaming(streaming)).collectList().block(WAIT);

      assertThat(keys).as("streaming %s", streaming).isEqualTo(scope.expected());
      assertThat(requests(scope).stream().map(RecordedRequest::page).limit(3))
          .containsExactly(1, 2, 2);
    }
  }

  @Test
  void organizationFilters_areSentRepeated_andSelectWhatPolarSelects() {
    Scope scope = Scope.ORGANIZATION;
    UUID benefit = DATASET.benefitIds(scope.organization()).get(0);
    OrganizationKeyQuery query =
        OrganizationKeyQuery.create()
            .organizationIds(scope.organization())
            .benefitIds(benefit)
            .statuses(LicenseKeyStatus.GRANTED, LicenseKeyStatus.DISABLED);

    List<LicenseKeyRead> keys =
        polar.token(scope.token()).organization().list(query).collectList().block(WAIT);

    assertThat(keys)
        .isNotEmpty()
        .isEqualTo(
            scope.expected().stream()
                .filter(k -> k.benefitId().equals(benefit))
                .filter(
                    k ->
                        k.status().equals(LicenseKeyStatus.GRANTED)
                            || k.status().equals(LicenseKeyStatus.DISABLED))
                .toList());
    RecordedRequest r = requests(scope).get(0);
    assertThat(r.queryParameter("status")).containsExactly("granted", "disabled");
    assertThat(r.queryParameter("benefit_id")).containsExactly(benefit.toString());
    assertThat(r.queryParameter("organization_id"))
        .containsExactly(scope.organization().toString());
  }

  @Test
  void anotherOrganizationsFilter_selectsNothing_andACustomerTokenIsRefusedThere() {
    UUID other = DATASET.organizationIds().get(0);
    PolarClient org = polar.token(Scope.ORGANIZATION.token());
    assertThat(
            org.organization()
                .list(OrganizationKeyQuery.create().organizationIds(other))
                .collectList()
                .block(WAIT))
        .isEmpty();

    StepVerifier.create(polar.token(Scope.CUSTOMER_PORTAL.token()).organization().list())
        .expectError(PolarUnauthorizedException.class)
        .verify(WAIT);
  }
}
