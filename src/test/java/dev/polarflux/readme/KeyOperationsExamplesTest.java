package dev.polarflux.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.OrganizationKeyQuery;
import dev.polarflux.PolarClient;
import dev.polarflux.PolarNotFoundException;
import dev.polarflux.PolarNotPermittedException;
import dev.polarflux.model.LicenseKeyActivate;
import dev.polarflux.model.LicenseKeyDeactivate;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.LicenseKeyUpdate;
import dev.polarflux.model.LicenseKeyValidate;
import dev.polarflux.model.LicenseKeyWithActivations;
import dev.polarflux.model.MetadataValue;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The README's examples of the organization scope and the key operations, run against the embedded
 * server: each block between {@code readme:begin} and {@code readme:end} is shown in the README as
 * it is here.
 */
class KeyOperationsExamplesTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final LicenseKeyDataset DATASET =
      LicenseKeyDataset.generateOrganizations(1, 3, 300, 21L);

  private static PolarTestServer server;
  private static String baseUrl;
  private static String organizationToken;
  private static UUID organizationId;

  @BeforeAll
  static void start() {
    server = PolarTestServer.builder().dataset(DATASET).build();
    baseUrl = server.baseUrl();
    organizationId = DATASET.organizationIds().get(0);
    organizationToken = server.organizationToken(organizationId);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static LicenseKeyRead activatable() {
    return DATASET.keysOfOrganization(organizationId).stream()
        .filter(k -> k.status().equals(LicenseKeyStatus.GRANTED))
        .filter(k -> k.expiresAt() == null && k.limitUsage() == null)
        .filter(k -> k.limitActivations() != null && k.limitActivations() == 1)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void organizationListing() {
    UUID benefitId = DATASET.benefitIds(organizationId).get(0);
    // readme:begin
    PolarClient polar = PolarClient.create().baseUrl(baseUrl).token(organizationToken);
    Flux<LicenseKeyRead> granted =
        polar
            .concurrency(8)
            .organization()
            .list(
                OrganizationKeyQuery.create()
                    .benefitIds(benefitId)
                    .statuses(LicenseKeyStatus.GRANTED));
    // readme:end
    List<LicenseKeyRead> keys = granted.collectList().block(WAIT);
    assertThat(keys)
        .isNotEmpty()
        .allSatisfy(k -> assertThat(k.status()).isEqualTo(LicenseKeyStatus.GRANTED))
        .allSatisfy(k -> assertThat(k.benefitId()).isEqualTo(benefitId));
    polar.close();
  }

  @Test
  void validateOnAServer() {
    String licenseKey = activatable().key();
    try (PolarClient polar = PolarClient.create().baseUrl(baseUrl).token(organizationToken)) {
      // readme:begin
      Mono<Boolean> valid =
          polar
              .organization()
              .validate(LicenseKeyValidate.of(licenseKey, organizationId).incrementUsage(1))
              .map(validated -> true)
              // Unknown, revoked, disabled, expired, or other conditions: e.detail() says which.
              .onErrorResume(PolarNotFoundException.class, e -> Mono.just(false));
      // readme:end
      assertThat(valid.block(WAIT)).isTrue();
      assertThat(
              polar
                  .organization()
                  .validate(LicenseKeyValidate.of("not-a-key", organizationId))
                  .map(v -> true)
                  .onErrorResume(PolarNotFoundException.class, e -> Mono.just(false))
                  .block(WAIT))
          .isFalse();
    }
  }

  @Test
  void activateAndDeactivateFromADesktopApp() {
    String licenseKey = activatable().key();
    String hostname = "build-agent-7";
    // readme:begin
    // No token: the customer portal's key operations take the license key itself.
    PolarClient polar = PolarClient.create().baseUrl(baseUrl);
    Mono<Optional<UUID>> activation =
        polar
            .customerPortal()
            .activate(
                LicenseKeyActivate.of(licenseKey, organizationId, hostname)
                    .meta(Map.of("os", MetadataValue.of("linux"))))
            .map(activated -> Optional.of(activated.activation().id()))
            // The key's activation limit is reached, or the key is not granted or expired.
            .onErrorResume(PolarNotPermittedException.class, e -> Mono.just(Optional.empty()));
    // readme:end
    UUID activationId = activation.block(WAIT).orElseThrow();
    assertThat(activation.block(WAIT)).isEmpty();
    UUID organizationId = KeyOperationsExamplesTest.organizationId;
    // readme:begin
    Mono<Void> released =
        polar
            .customerPortal()
            .deactivate(new LicenseKeyDeactivate(licenseKey, organizationId, activationId));
    // readme:end
    released.block(WAIT);
    assertThat(activation.block(WAIT)).isPresent();
    polar.close();
  }

  @Test
  void getAndRevoke() {
    UUID keyId = activatable().id();
    try (PolarClient polar = PolarClient.create().baseUrl(baseUrl).token(organizationToken)) {
      // readme:begin
      Mono<LicenseKeyWithActivations> key = polar.organization().get(keyId);
      Mono<LicenseKeyRead> revoked =
          polar
              .organization()
              .update(keyId, LicenseKeyUpdate.create().status(LicenseKeyStatus.REVOKED));
      // readme:end
      assertThat(key.block(WAIT).licenseKey().id()).isEqualTo(keyId);
      assertThat(revoked.block(WAIT).status()).isEqualTo(LicenseKeyStatus.REVOKED);
      assertThat(server.key(keyId).orElseThrow().status()).isEqualTo(LicenseKeyStatus.REVOKED);
    }
  }
}
