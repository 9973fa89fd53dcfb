package dev.polarflux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.internal.OperationCodec;
import dev.polarflux.model.LicenseKeyActivationRead;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.LicenseKeyWithActivations;
import dev.polarflux.model.ValidatedLicenseKey;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.Operation;
import dev.polarflux.testserver.PolarTestServer;
import dev.polarflux.testserver.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The command line's organisation listing and single-key commands against the embedded server. */
class KeyCommandsTest {

  private static final LicenseKeyDataset DATASET =
      LicenseKeyDataset.generateOrganizations(2, 2, 300, 17L);

  private static PolarTestServer server;
  private static UUID org;
  private static String orgToken;

  @BeforeAll
  static void start() {
    server = PolarTestServer.builder().dataset(DATASET).build();
    org = DATASET.organizationIds().get(0);
    orgToken = server.organizationToken(org);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.clearRequests();
    server.faults().clear();
  }

  private record Run(int status, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  private static Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env);
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static <T> T parse(String line, OperationCodec.Reader<T> reader) throws IOException {
    return OperationCodec.read(
        new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), reader);
  }

  /** A granted key of the organisation that never expires and allows one activation or more. */
  private static LicenseKeyRead activatable(int skip) {
    return DATASET.keysOfOrganization(org).stream()
        .filter(k -> k.status().equals(LicenseKeyStatus.GRANTED))
        .filter(k -> k.expiresAt() == null && k.limitUsage() == null)
        .filter(k -> k.limitActivations() != null)
        .skip(skip)
        .findFirst()
        .orElseThrow();
  }

  private static List<RecordedRequest> sent(Operation operation) {
    return server.requests().stream().filter(r -> r.operation().orElse(null) == operation).toList();
  }

  @Test
  void organizationListing_withRepeatedFilters_tokenFromTheEnvironment() throws IOException {
    Run r =
        run(
            Map.of(KeyCommands.ORGANIZATION_TOKEN_ENV, orgToken),
            "list",
            "--organization",
            "--base-url",
            server.baseUrl(),
            "--status",
            "granted",
            "--status",
            "disabled",
            "--no-progress");

    assertThat(r.status()).as(r.err()).isZero();
    List<LicenseKeyRead> keys = new ArrayList<>();
    for (String line : r.lines()) {
      try (var p = LicenseKeyCodec.FACTORY.createParser(line)) {
        p.nextToken();
        keys.add(LicenseKeyCodec.readKey(p));
      }
    }
    // Ids: other tests of this class validate keys, which changes their counters.
    assertThat(keys)
        .extracting(LicenseKeyRead::id)
        .isNotEmpty()
        .isEqualTo(
            DATASET.keysOfOrganization(org).stream()
                .filter(k -> !k.status().equals(LicenseKeyStatus.REVOKED))
                .map(LicenseKeyRead::id)
                .toList());
    assertThat(sent(Operation.LIST).get(0).queryParameter("status"))
        .containsExactly("granted", "disabled");
  }

  @Test
  void statusWithoutOrganization_isAUsageError() {
    Run r = run(Map.of(), "list", "--base-url", server.baseUrl(), "--status", "granted");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).contains("--status needs --organization");
  }

  @Test
  void get_inBothScopes_printsTheKeyWithItsActivations() throws IOException {
    LicenseKeyRead key = activatable(0);
    Run org =
        run(
            Map.of(),
            "get",
            key.id().toString(),
            "--organization",
            "--base-url",
            server.baseUrl(),
            "--token",
            orgToken);
    assertThat(org.status()).as(org.err()).isZero();
    assertThat(org.lines()).hasSize(1);
    LicenseKeyWithActivations got =
        parse(org.lines().get(0), OperationCodec::readKeyWithActivations);
    assertThat(got.licenseKey().id()).isEqualTo(key.id());

    String customerToken = server.customerToken(key.customerId());
    Run portal =
        run(
            Map.of("POLAR_CUSTOMER_SESSION", customerToken),
            "get",
            key.id().toString(),
            "--base-url",
            server.baseUrl());
    assertThat(portal.status()).as(portal.err()).isZero();
    assertThat(parse(portal.lines().get(0), OperationCodec::readKeyWithActivations).licenseKey())
        .isEqualTo(got.licenseKey());
    assertThat(sent(Operation.GET)).hasSize(1);
    assertThat(sent(Operation.CUSTOMER_PORTAL_GET)).hasSize(1);
  }

  @Test
  void activateValidateDeactivate_inThePortal_sendNoToken_andChangeTheServersState()
      throws IOException {
    LicenseKeyRead key = activatable(1);
    String base = server.baseUrl();

    Run activated =
        run(
            Map.of(),
            "activate",
            "--base-url",
            base,
            "--key",
            key.key(),
            "--organization-id",
            org.toString(),
            "--label",
            "laptop");
    assertThat(activated.status()).as(activated.err()).isZero();
    LicenseKeyActivationRead a =
        parse(activated.lines().get(0), OperationCodec::readActivationRead);
    assertThat(a.activation().label()).isEqualTo("laptop");
    assertThat(server.activationCount(key.id())).isEqualTo(1);

    Run validated =
        run(
            Map.of(),
            "validate",
            "--base-url",
            base,
            "--key",
            key.key(),
            "--organization-id",
            org.toString(),
            "--activation-id",
            a.activation().id().toString());
    assertThat(validated.status()).as(validated.err()).isZero();
    ValidatedLicenseKey v = parse(validated.lines().get(0), OperationCodec::readValidatedKey);
    assertThat(v.activation().id()).isEqualTo(a.activation().id());

    Run deactivated =
        run(
            Map.of(),
            "deactivate",
            "--base-url",
            base,
            "--key",
            key.key(),
            "--organization-id",
            org.toString(),
            "--activation-id",
            a.activation().id().toString());
    assertThat(deactivated.status()).as(deactivated.err()).isZero();
    assertThat(deactivated.out()).isEmpty();
    assertThat(server.activationCount(key.id())).isZero();
    assertThat(server.requests())
        .allSatisfy(req -> assertThat(req.header("authorization")).isEmpty());
  }

  @Test
  void validateInTheOrganization_consumesUsage_withTheOrganizationsToken() throws IOException {
    LicenseKeyRead key = activatable(2);
    Run r =
        run(
            Map.of(),
            "validate",
            "--organization",
            "--base-url",
            server.baseUrl(),
            "--token",
            orgToken,
            "--key",
            key.key(),
            "--organization-id",
            org.toString(),
            "--increment-usage",
            "2");

    assertThat(r.status()).as(r.err()).isZero();
    assertThat(parse(r.lines().get(0), OperationCodec::readValidatedKey).licenseKey().usage())
        .isEqualTo(key.usage() + 2);
    assertThat(sent(Operation.VALIDATE))
        .singleElement()
        .satisfies(q -> assertThat(q.authorized()).isTrue());
  }

  @Test
  void typedErrors_areOneLine_exit1_neverTheToken() {
    Run unknown =
        run(
            Map.of(),
            "validate",
            "--organization",
            "--base-url",
            server.baseUrl(),
            "--token",
            orgToken,
            "--key",
            "NOPE",
            "--organization-id",
            org.toString());
    assertThat(unknown.status()).isEqualTo(1);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err().lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("polarflux: error: PolarNotFoundException: Polar answered 404"));
    assertThat(unknown.err()).doesNotContain(orgToken);

    LicenseKeyRead full = activatable(3);
    for (long i = 0; i < full.limitActivations(); i++) {
      assertThat(
              run(
                      Map.of(),
                      "activate",
                      "--base-url",
                      server.baseUrl(),
                      "--key",
                      full.key(),
                      "--organization-id",
                      org.toString(),
                      "--label",
                      "d" + i)
                  .status())
          .isZero();
    }
    Run refused =
        run(
            Map.of(),
            "activate",
            "--base-url",
            server.baseUrl(),
            "--key",
            full.key(),
            "--organization-id",
            org.toString(),
            "--label",
            "one more");
    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.err().lines())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("polarflux: error: PolarNotPermittedException:")
                    .contains("activation limit"));
  }

  @Test
  void missingArguments_areUsageErrors() {
    assertThat(
            run(
                    Map.of(),
                    "activate",
                    "--base-url",
                    server.baseUrl(),
                    "--organization-id",
                    org.toString(),
                    "--label",
                    "l")
                .status())
        .isEqualTo(2);
    assertThat(run(Map.of(), "get", "--base-url", server.baseUrl()).status()).isEqualTo(2);
    Run noToken =
        run(
            Map.of(),
            "get",
            UUID.randomUUID().toString(),
            "--organization",
            "--base-url",
            server.baseUrl());
    assertThat(noToken.status()).isEqualTo(2);
    assertThat(noToken.err()).contains("POLAR_ACCESS_TOKEN");
    assertThat(
            run(
                    Map.of(),
                    "deactivate",
                    "--base-url",
                    server.baseUrl(),
                    "--key",
                    "K",
                    "--organization-id",
                    org.toString(),
                    "--activation-id",
                    "not-a-uuid")
                .status())
        .isEqualTo(2);
    assertThat(server.requests()).isEmpty();
  }
}
