package dev.polarflux.testserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rate limits per identity and the customer-portal key-operation zone, on a clock that stands. */
@Timeout(30)
class RateLimitZoneTest {

  private static final LicenseKeyDataset DATASET =
      LicenseKeyDataset.generateOrganizations(2, 2, 60, 3L);
  private static final String PORTAL = "/v1/customer-portal/license-keys/";

  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00.250Z"));
  private PolarTestServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> validate(String token) {
    LicenseKeyRead k =
        DATASET.keys().stream()
            .filter(x -> x.status().equals(LicenseKeyStatus.GRANTED) && x.expiresAt() == null)
            .findFirst()
            .orElseThrow();
    HttpRequest.Builder r =
        Http.request(server, PORTAL + "validate")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"key\":\""
                        + k.key()
                        + "\",\"organization_id\":\""
                        + k.organizationId()
                        + "\"}"));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return Http.send(r.build());
  }

  private HttpResponse<byte[]> get(String path, String token) {
    HttpRequest.Builder r = Http.request(server, path);
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return Http.send(r.build());
  }

  @Test
  void zoneOverrun_blocksEveryV1RequestOfThatIdentity_untilTheBlockEnds() {
    server =
        PolarTestServer.builder()
            .dataset(DATASET)
            .clock(clock)
            .keyOperationZone(2, Duration.ofSeconds(60))
            .build();
    String customer = server.token();
    String other = server.customerToken(DATASET.customerIds().get(1));

    int first = validate(customer).statusCode();
    int second = validate(customer).statusCode();
    HttpResponse<byte[]> third = validate(customer);
    clock.advance(Duration.ofSeconds(30));
    HttpResponse<byte[]> listDuringBlock = get(PORTAL, customer);
    HttpResponse<byte[]> otherCustomer = get(PORTAL, other);
    clock.advance(Duration.ofSeconds(30));
    HttpResponse<byte[]> listAfterBlock = get(PORTAL, customer);

    assertThat(first).isEqualTo(200);
    assertThat(second).isEqualTo(200);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.body()).isEmpty();
    assertThat(third.headers().firstValue("retry-after")).hasValue("60");
    assertThat(listDuringBlock.statusCode()).isEqualTo(429);
    assertThat(listDuringBlock.headers().firstValue("retry-after")).hasValue("30");
    assertThat(otherCustomer.statusCode()).isEqualTo(200);
    assertThat(listAfterBlock.statusCode()).isEqualTo(200);
  }

  @Test
  void zone_anonymousCallersAreTheirAddress_andANewSecondStartsAfresh() {
    server =
        PolarTestServer.builder()
            .dataset(DATASET)
            .clock(clock)
            .keyOperationZone(1, Duration.ofSeconds(5))
            .build();

    int first = validate(null).statusCode();
    clock.advance(Duration.ofSeconds(1));
    int nextSecond = validate(null).statusCode();
    int over = validate(null).statusCode();
    HttpResponse<byte[]> anonymousList = get("/v1/license-keys/", null);
    clock.advance(Duration.ofSeconds(5));
    HttpResponse<byte[]> afterBlock = get("/v1/license-keys/", null);

    assertThat(first).isEqualTo(200);
    assertThat(nextSecond).isEqualTo(200);
    assertThat(over).isEqualTo(429);
    assertThat(anonymousList.statusCode()).isEqualTo(429);
    assertThat(afterBlock.statusCode()).isEqualTo(401);
  }

  @Test
  void rateLimit_countsEveryV1RequestPerOrganization() {
    server =
        PolarTestServer.builder()
            .dataset(DATASET)
            .clock(clock)
            .rateLimit(2, Duration.ofMinutes(1))
            .build();
    UUID org = DATASET.organizationIds().get(0);
    String token = server.organizationToken(org);
    String otherOrg = server.organizationToken(DATASET.organizationIds().get(1));
    LicenseKeyRead k = DATASET.keysOfOrganization(org).get(0);

    int list = get("/v1/license-keys/", token).statusCode();
    int one = get("/v1/license-keys/" + k.id(), token).statusCode();
    HttpResponse<byte[]> third = get("/v1/license-keys/", token);
    int other = get("/v1/license-keys/", otherOrg).statusCode();

    assertThat(list).isEqualTo(200);
    assertThat(one).isEqualTo(200);
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("retry-after")).hasValue("60");
    assertThat(other).isEqualTo(200);
  }
}
