package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.model.LicenseKeyActivate;
import dev.polarflux.model.LicenseKeyActivationRead;
import dev.polarflux.model.LicenseKeyDeactivate;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.LicenseKeyUpdate;
import dev.polarflux.model.LicenseKeyValidate;
import dev.polarflux.model.LicenseKeyWithActivations;
import dev.polarflux.model.ValidatedLicenseKey;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.Operation;
import dev.polarflux.testserver.PolarTestServer;
import dev.polarflux.testserver.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The key operations against the embedded server, which keeps Polar's state: an ambiguous failure
 * of a request that changes state is never repeated (counted in the server's state), and the
 * customer portal's key-operation budget keeps parallel callers inside Polar's zone.
 */
class KeyOperationsServerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final LicenseKeyDataset DATASET =
      LicenseKeyDataset.generateOrganizations(2, 4, 400, 9L);

  private PolarTestServer server;
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

  private PolarClient client(PolarTestServer.Builder builder) {
    server = builder.dataset(DATASET).build();
    polar =
        PolarClient.create()
            .baseUrl(server.baseUrl())
            .backoff(Duration.ofMillis(1), Duration.ofMillis(5));
    return polar;
  }

  private static UUID org() {
    return DATASET.organizationIds().get(0);
  }

  /** A granted key of the organization that never expires and allows two activations or more. */
  private static LicenseKeyRead activatable() {
    return DATASET.keysOfOrganization(org()).stream()
        .filter(k -> k.status().equals(LicenseKeyStatus.GRANTED))
        .filter(k -> k.expiresAt() == null)
        .filter(k -> k.limitActivations() != null && k.limitActivations() >= 2)
        .filter(k -> k.limitUsage() == null)
        .findFirst()
        .orElseThrow();
  }

  private long sent(Operation operation) {
    return server.requests().stream().filter(r -> r.operation().orElse(null) == operation).count();
  }

  @Test
  void activate_lostAnswerAfterPolarActed_isNotRepeated_oneActivationExists() {
    OrganizationLicenseKeys keys =
        client(PolarTestServer.builder()).token(server.organizationToken(org())).organization();
    LicenseKeyRead key = activatable();
    server.faults().on(Operation.ACTIVATE, Fault.resetAfterProcessing());

    assertThatThrownBy(
            () -> keys.activate(LicenseKeyActivate.of(key.key(), org(), "laptop")).block(WAIT))
        .isInstanceOfSatisfying(
            PolarConnectionException.class,
            e -> {
              assertThat(e.unsent()).isFalse();
              assertThat(e.attempts()).isEqualTo(1);
            });

    assertThat(sent(Operation.ACTIVATE)).isEqualTo(1);
    assertThat(server.activationCount(key.id())).isEqualTo(1);
    // The caller can see what happened before deciding anything.
    LicenseKeyWithActivations now = keys.get(key.id()).block(WAIT);
    assertThat(now.activations()).extracting("label").containsExactly("laptop");
  }

  @Test
  void validateConsumingUsage_lostAnswer_isNotRepeated_usageCountedOnce() {
    OrganizationLicenseKeys keys =
        client(PolarTestServer.builder()).token(server.organizationToken(org())).organization();
    LicenseKeyRead key = activatable();
    server.faults().on(Operation.VALIDATE, Fault.resetAfterProcessing());

    assertThatThrownBy(
            () ->
                keys.validate(LicenseKeyValidate.of(key.key(), org()).incrementUsage(3))
                    .block(WAIT))
        .isInstanceOf(PolarConnectionException.class);

    assertThat(sent(Operation.VALIDATE)).isEqualTo(1);
    assertThat(server.key(key.id()).orElseThrow().usage()).isEqualTo(key.usage() + 3);
  }

  @Test
  void validateConsumingNothing_lostAnswer_isRetried_andAnswered() {
    OrganizationLicenseKeys keys =
        client(PolarTestServer.builder()).token(server.organizationToken(org())).organization();
    LicenseKeyRead key = activatable();
    server.faults().on(Operation.VALIDATE, Fault.resetAfterProcessing());

    ValidatedLicenseKey v = keys.validate(LicenseKeyValidate.of(key.key(), org())).block(WAIT);

    assertThat(sent(Operation.VALIDATE)).isEqualTo(2);
    assertThat(v.licenseKey().validations()).isEqualTo(key.validations() + 2);
  }

  @Test
  void activateThenDeactivate_inTheCustomerPortal_withoutAToken_freesTheSlot() {
    CustomerPortalLicenseKeys portal = client(PolarTestServer.builder()).customerPortal();
    LicenseKeyRead key = activatable();

    LicenseKeyActivationRead a =
        portal.activate(LicenseKeyActivate.of(key.key(), org(), "desktop")).block(WAIT);
    assertThat(server.activationCount(key.id())).isEqualTo(1);
    ValidatedLicenseKey v =
        portal
            .validate(LicenseKeyValidate.of(key.key(), org()).activationId(a.activation().id()))
            .block(WAIT);
    assertThat(v.activation()).isEqualTo(a.activation());

    portal.deactivate(new LicenseKeyDeactivate(key.key(), org(), a.activation().id())).block(WAIT);
    assertThat(server.activationCount(key.id())).isZero();
    assertThatThrownBy(
            () ->
                portal
                    .deactivate(new LicenseKeyDeactivate(key.key(), org(), a.activation().id()))
                    .block(WAIT))
        .isInstanceOf(PolarNotFoundException.class);
    assertThat(server.requests()).allSatisfy(r -> assertThat(r.authorized()).isFalse());
  }

  @Test
  void theActivationLimit_isNotPermitted_withPolarsReason() {
    OrganizationLicenseKeys keys =
        client(PolarTestServer.builder()).token(server.organizationToken(org())).organization();
    LicenseKeyRead key = activatable();
    for (long i = 0; i < key.limitActivations(); i++) {
      keys.activate(LicenseKeyActivate.of(key.key(), org(), "device " + i)).block(WAIT);
    }

    assertThatThrownBy(
            () -> keys.activate(LicenseKeyActivate.of(key.key(), org(), "one more")).block(WAIT))
        .isInstanceOfSatisfying(
            PolarNotPermittedException.class,
            e -> assertThat(e.detail()).isEqualTo("License key activation limit already reached"));
    assertThat(server.activationCount(key.id())).isEqualTo(key.limitActivations().intValue());
  }

  @Test
  void update_isSeenByTheNextListing_andARevokedKeyNoLongerValidates() {
    OrganizationLicenseKeys keys =
        client(PolarTestServer.builder()).token(server.organizationToken(org())).organization();
    LicenseKeyRead key = activatable();

    LicenseKeyRead revoked =
        keys.update(key.id(), LicenseKeyUpdate.create().status(LicenseKeyStatus.REVOKED))
            .block(WAIT);

    assertThat(revoked.status()).isEqualTo(LicenseKeyStatus.REVOKED);
    assertThat(
            keys.list(OrganizationKeyQuery.create().statuses(LicenseKeyStatus.REVOKED))
                .map(LicenseKeyRead::id)
                .collectList()
                .block(WAIT))
        .contains(key.id());
    assertThatThrownBy(() -> keys.validate(LicenseKeyValidate.of(key.key(), org())).block(WAIT))
        .isInstanceOfSatisfying(
            PolarNotFoundException.class,
            e -> assertThat(e.detail()).isEqualTo("License key is no longer active."));
  }

  @Test
  void hundredParallelPortalValidations_stayInsideTheZone_noneRefused() {
    int perSecond = 20;
    PolarClient p =
        client(PolarTestServer.builder().keyOperationZone(perSecond, Duration.ofSeconds(60)))
            .keyOperationsRateLimit(perSecond);
    CustomerPortalLicenseKeys portal = p.customerPortal();
    LicenseKeyRead key = activatable();

    List<ValidatedLicenseKey> answers =
        Flux.range(0, 100)
            .flatMap(i -> portal.validate(LicenseKeyValidate.of(key.key(), org())), 100)
            .collectList()
            .block(Duration.ofSeconds(60));

    assertThat(answers).hasSize(100);
    List<RecordedRequest> log = server.requests();
    assertThat(log).hasSize(100).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    // No second of the server's clock, wherever it starts, holds more than the zone allows.
    List<Instant> at = log.stream().map(RecordedRequest::at).sorted().toList();
    for (int i = 0; i < at.size(); i++) {
      Instant end = at.get(i).plusSeconds(1);
      long inWindow = at.stream().skip(i).takeWhile(t -> t.isBefore(end)).count();
      assertThat(inWindow)
          .as("requests in the second from %s", at.get(i))
          .isLessThanOrEqualTo(perSecond);
    }
  }

  @Test
  void withoutTheBudget_theZoneBlocksTheCaller_andTheErrorIsTyped() {
    PolarClient p =
        client(PolarTestServer.builder().keyOperationZone(3, Duration.ofSeconds(60)))
            .keyOperationsRateLimit(0)
            .maxRetryAfter(Duration.ofSeconds(1));
    CustomerPortalLicenseKeys portal = p.customerPortal();
    LicenseKeyRead key = activatable();

    List<Object> outcomes =
        Flux.range(0, 6)
            .concatMap(
                i ->
                    portal
                        .validate(LicenseKeyValidate.of(key.key(), org()))
                        .<Object>map(v -> "ok")
                        .onErrorResume(e -> Mono.just(e.getClass().getSimpleName())))
            .collectList()
            .block(WAIT);

    assertThat(outcomes.subList(0, 3)).containsOnly("ok");
    assertThat(outcomes.subList(3, 6)).containsOnly("PolarRateLimitException");
  }

  @Test
  void aBudgetWaitThatOutlastsTheDeadline_failsTyped_withoutSendingTheRequest() {
    PolarClient p =
        client(PolarTestServer.builder())
            .keyOperationsRateLimit(1)
            .deadline(Duration.ofMillis(300));
    CustomerPortalLicenseKeys portal = p.customerPortal();
    LicenseKeyRead key = activatable();
    portal.validate(LicenseKeyValidate.of(key.key(), org())).block(WAIT);

    assertThatThrownBy(() -> portal.validate(LicenseKeyValidate.of(key.key(), org())).block(WAIT))
        .isInstanceOfSatisfying(
            PolarDeadlineException.class,
            e -> assertThat(e.deadline()).isEqualTo(Duration.ofMillis(300)))
        .hasMessage(
            "The call did not complete within its deadline of 300ms on POST"
                + " /v1/customer-portal/license-keys/validate");
    assertThat(sent(Operation.CUSTOMER_PORTAL_VALIDATE)).isEqualTo(1);
  }

  @Test
  void aBodyThatNeverEnds_failsWithinTheResponseTimeout_andIsNotRepeatedForAnActivation() {
    OrganizationLicenseKeys keys =
        client(PolarTestServer.builder())
            .token(server.organizationToken(org()))
            .responseTimeout(Duration.ofMillis(500))
            .organization();
    LicenseKeyRead key = activatable();
    server.faults().on(Operation.ACTIVATE, Fault.slowBody(Duration.ofSeconds(1), 60));

    assertThatThrownBy(
            () -> keys.activate(LicenseKeyActivate.of(key.key(), org(), "slow")).block(WAIT))
        .isInstanceOfSatisfying(
            PolarTimeoutException.class,
            e -> {
              assertThat(e.unsent()).isFalse();
              assertThat(e.attempts()).isEqualTo(1);
            })
        .hasMessageContaining("on POST /v1/license-keys/activate");
    assertThat(sent(Operation.ACTIVATE)).isEqualTo(1);
    // The activation happened: the answer was lost, and the caller can look before retrying.
    assertThat(server.activationCount(key.id())).isEqualTo(1);
  }
}
