package dev.polarflux.testserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polarflux.PolarClient;
import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.internal.OperationCodec;
import dev.polarflux.model.LicenseKeyActivate;
import dev.polarflux.model.LicenseKeyActivationRead;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.LicenseKeyValidate;
import dev.polarflux.model.LicenseKeyWithActivations;
import dev.polarflux.model.MetadataValue;
import dev.polarflux.model.ValidatedLicenseKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results of the key operations, as an application's Jackson writes them (Jackson 3's default
 * {@code JsonMapper}, Spring Boot 4's, and Jackson 2's {@code ObjectMapper}), have Polar's flat
 * shape: byte for byte what the library's codec writes in Polar's field order.
 */
class OperationJsonShapeTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final JsonMapper JACKSON_3 = JsonMapper.builder().build();
  private static final ObjectMapper JACKSON_2 = new ObjectMapper();

  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private static String codec(Writer w) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = LicenseKeyCodec.FACTORY.createGenerator(out)) {
      w.write(g);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void keyWithActivations_validatedKey_andActivation_serializeInPolarsShape() throws Exception {
    LicenseKeyDataset dataset = LicenseKeyDataset.generateOrganizations(1, 2, 200, 31L);
    UUID org = dataset.organizationIds().get(0);
    LicenseKeyRead key =
        dataset.keysOfOrganization(org).stream()
            .filter(k -> k.status().equals(LicenseKeyStatus.GRANTED))
            .filter(k -> k.expiresAt() == null && k.limitUsage() == null)
            .filter(k -> k.limitActivations() != null)
            .findFirst()
            .orElseThrow();
    try (PolarTestServer server = PolarTestServer.builder().dataset(dataset).build();
        PolarClient polar =
            PolarClient.create().baseUrl(server.baseUrl()).token(server.organizationToken(org))) {
      LicenseKeyActivationRead activation =
          polar
              .organization()
              .activate(
                  LicenseKeyActivate.of(key.key(), org, "laptop")
                      .meta(Map.of("os", MetadataValue.of("linux"), "cores", MetadataValue.of(8))))
              .block(WAIT);
      ValidatedLicenseKey validated =
          polar
              .organization()
              .validate(
                  LicenseKeyValidate.of(key.key(), org).activationId(activation.activation().id()))
              .block(WAIT);
      LicenseKeyWithActivations withActivations = polar.organization().get(key.id()).block(WAIT);
      assertThat(withActivations.activations()).hasSize(1);
      assertThat(validated.activation()).isNotNull();

      String activationJson = codec(g -> OperationCodec.writeActivationRead(g, activation));
      String validatedJson = codec(g -> OperationCodec.writeValidatedKey(g, validated));
      String keyJson = codec(g -> OperationCodec.writeKeyWithActivations(g, withActivations));

      assertThat(JACKSON_3.writeValueAsString(activation)).isEqualTo(activationJson);
      assertThat(JACKSON_3.writeValueAsString(validated)).isEqualTo(validatedJson);
      assertThat(JACKSON_3.writeValueAsString(withActivations)).isEqualTo(keyJson);
      assertThat(JACKSON_2.writeValueAsString(activation)).isEqualTo(activationJson);
      assertThat(JACKSON_2.writeValueAsString(validated)).isEqualTo(validatedJson);
      assertThat(JACKSON_2.writeValueAsString(withActivations)).isEqualTo(keyJson);
    }
  }
}
