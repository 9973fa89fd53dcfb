package dev.polarflux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polarflux.model.LicenseKeyActivate;
import dev.polarflux.model.LicenseKeyActivation;
import dev.polarflux.model.LicenseKeyActivationRead;
import dev.polarflux.model.LicenseKeyDeactivate;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.LicenseKeyUpdate;
import dev.polarflux.model.LicenseKeyValidate;
import dev.polarflux.model.LicenseKeyWithActivations;
import dev.polarflux.model.MetadataValue;
import dev.polarflux.model.PolarTimestamp;
import dev.polarflux.model.ValidatedLicenseKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The answers and requests of the single-key operations, in Polar's JSON shapes. */
class OperationCodecTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UUID ORG = UUID.fromString("1dbfc517-0bbf-4301-9ba8-555ca42b9737");
  private static final UUID ACTIVATION_ID = UUID.fromString("5a0d4c6e-8f1b-4a2c-9e3d-7b6a5c4d3e2f");

  private static ObjectNode key() throws IOException {
    return (ObjectNode)
        JSON.readTree(Fixtures.bytes("page-current.json")).get("items").get(0).deepCopy();
  }

  private static ObjectNode activationJson(UUID keyId) {
    ObjectNode a = JSON.createObjectNode();
    a.put("id", ACTIVATION_ID.toString());
    a.put("license_key_id", keyId.toString());
    a.put("label", "laptop");
    a.putObject("meta").put("os", "linux").put("cores", 8).put("beta", true);
    a.put("created_at", "2025-05-01T12:00:00Z");
    a.putNull("modified_at");
    a.put("some_future_field", "ignored");
    return a;
  }

  private static <T> T read(ObjectNode json, OperationCodec.Reader<T> reader) throws IOException {
    return OperationCodec.read(new ByteArrayInputStream(JSON.writeValueAsBytes(json)), reader);
  }

  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] written(Writer w) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = LicenseKeyCodec.FACTORY.createGenerator(out)) {
      w.write(g);
    }
    return out.toByteArray();
  }

  @Test
  void keyWithActivations_readsTheKeyAndEachActivation_andWritesThemBackAlike() throws IOException {
    ObjectNode json = key();
    UUID keyId = UUID.fromString(json.get("id").asText());
    json.putArray("activations").add(activationJson(keyId));

    LicenseKeyWithActivations k = read(json, OperationCodec::readKeyWithActivations);

    assertThat(k.licenseKey().id()).isEqualTo(keyId);
    assertThat(k.activations()).hasSize(1);
    LicenseKeyActivation a = k.activations().get(0);
    assertThat(a.id()).isEqualTo(ACTIVATION_ID);
    assertThat(a.licenseKeyId()).isEqualTo(keyId);
    assertThat(a.label()).isEqualTo("laptop");
    assertThat(a.meta())
        .containsExactly(
            Map.entry("os", MetadataValue.of("linux")),
            Map.entry("cores", MetadataValue.of(8)),
            Map.entry("beta", MetadataValue.of(true)));
    assertThat(a.createdAt()).isEqualTo(PolarTimestamp.parse("2025-05-01T12:00:00Z"));
    assertThat(a.modifiedAt()).isNull();

    byte[] again = written(g -> OperationCodec.writeKeyWithActivations(g, k));
    assertThat(read((ObjectNode) JSON.readTree(again), OperationCodec::readKeyWithActivations))
        .isEqualTo(k);
  }

  @Test
  void keyWithoutActivations_isRefusedNamingTheField() throws IOException {
    assertThatThrownBy(() -> read(key(), OperationCodec::readKeyWithActivations))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("missing required field(s) [activations]");
  }

  @Test
  void activationMissingAField_isRefusedNamingIt() throws IOException {
    ObjectNode json = key();
    ObjectNode a = activationJson(UUID.randomUUID());
    a.remove("label");
    json.putArray("activations").add(a);
    assertThatThrownBy(() -> read(json, OperationCodec::readKeyWithActivations))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("/activations/0")
        .hasMessageContaining("[label]");
  }

  @Test
  void validatedKey_readsANullOrAPresentActivation() throws IOException {
    ObjectNode json = key();
    json.putNull("activation");
    ValidatedLicenseKey none = read(json, OperationCodec::readValidatedKey);
    assertThat(none.activation()).isNull();

    UUID keyId = UUID.fromString(json.get("id").asText());
    json.set("activation", activationJson(keyId));
    ValidatedLicenseKey one = read(json, OperationCodec::readValidatedKey);
    assertThat(one.activation().id()).isEqualTo(ACTIVATION_ID);
    assertThat(one.licenseKey()).isEqualTo(none.licenseKey());

    byte[] again = written(g -> OperationCodec.writeValidatedKey(g, one));
    assertThat(read((ObjectNode) JSON.readTree(again), OperationCodec::readValidatedKey))
        .isEqualTo(one);
  }

  @Test
  void activationRead_readsTheActivationAndItsKey() throws IOException {
    ObjectNode k = key();
    UUID keyId = UUID.fromString(k.get("id").asText());
    ObjectNode json = activationJson(keyId);
    json.set("license_key", k);

    LicenseKeyActivationRead a = read(json, OperationCodec::readActivationRead);
    assertThat(a.activation().id()).isEqualTo(ACTIVATION_ID);
    assertThat(a.licenseKey().id()).isEqualTo(keyId);

    byte[] again = written(g -> OperationCodec.writeActivationRead(g, a));
    assertThat(read((ObjectNode) JSON.readTree(again), OperationCodec::readActivationRead))
        .isEqualTo(a);

    json.remove("license_key");
    assertThatThrownBy(() -> read(json, OperationCodec::readActivationRead))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("[license_key]");
  }

  @Test
  void aBodyThatIsNotOneObject_isRefused() {
    for (String body : List.of("[]", "{\"id\":1} {}", "")) {
      assertThatThrownBy(
              () ->
                  OperationCodec.read(
                      new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)),
                      OperationCodec::readValidatedKey))
          .as(body)
          .isInstanceOf(DecodeException.class);
    }
  }

  private static Map<String, Object> parsed(byte[] body) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = JSON.readValue(body, LinkedHashMap.class);
    return map;
  }

  @Test
  void validate_sendsOnlyWhatItChecks() throws IOException {
    assertThat(parsed(OperationCodec.validate(LicenseKeyValidate.of("K-1", ORG))))
        .containsExactly(Map.entry("key", "K-1"), Map.entry("organization_id", ORG.toString()));

    LicenseKeyValidate full =
        LicenseKeyValidate.of("K-1", ORG)
            .activationId(ACTIVATION_ID)
            .incrementUsage(2)
            .conditions(Map.of("major", MetadataValue.of(3)));
    assertThat(parsed(OperationCodec.validate(full)))
        .containsEntry("activation_id", ACTIVATION_ID.toString())
        .containsEntry("increment_usage", 2)
        .containsEntry("conditions", Map.of("major", 3))
        .doesNotContainKeys("benefit_id", "customer_id");
    assertThat(full.changesState()).isTrue();
    assertThat(LicenseKeyValidate.of("K-1", ORG).incrementUsage(0).changesState()).isFalse();
  }

  @Test
  void activateAndDeactivate_sendPolarsFields() throws IOException {
    LicenseKeyActivate a =
        LicenseKeyActivate.of("K-1", ORG, "laptop").meta(Map.of("os", MetadataValue.of("linux")));
    assertThat(parsed(OperationCodec.activate(a)))
        .containsExactly(
            Map.entry("key", "K-1"),
            Map.entry("organization_id", ORG.toString()),
            Map.entry("label", "laptop"),
            Map.entry("meta", Map.of("os", "linux")));
    assertThat(
            parsed(OperationCodec.deactivate(new LicenseKeyDeactivate("K-1", ORG, ACTIVATION_ID))))
        .containsExactly(
            Map.entry("key", "K-1"),
            Map.entry("organization_id", ORG.toString()),
            Map.entry("activation_id", ACTIVATION_ID.toString()));
  }

  @Test
  void update_sendsExactlyTheFieldsItSets_aRemovedLimitAsNull() throws IOException {
    assertThat(parsed(OperationCodec.update(LicenseKeyUpdate.create()))).isEmpty();
    Map<String, Object> expected = new HashMap<>();
    expected.put("status", "revoked");
    expected.put("limit_activations", null);
    expected.put("expires_at", "2030-01-01T00:00:00Z");
    assertThat(
            parsed(
                OperationCodec.update(
                    LicenseKeyUpdate.create()
                        .status(LicenseKeyStatus.REVOKED)
                        .limitActivations(null)
                        .expiresAt(PolarTimestamp.parse("2030-01-01T00:00:00Z")))))
        .isEqualTo(expected);
  }

  @Test
  void requests_checkWhatPolarChecks_andNeverShowTheKey() {
    assertThatThrownBy(() -> LicenseKeyValidate.of("K", ORG).incrementUsage(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LicenseKeyValidate.of(" ", ORG))
        .isInstanceOf(IllegalArgumentException.class);
    Map<String, MetadataValue> many = new HashMap<>();
    for (int i = 0; i < 51; i++) {
      many.put("c" + i, MetadataValue.of(i));
    }
    assertThatThrownBy(() -> LicenseKeyActivate.of("K", ORG, "l").conditions(many))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 50");
    assertThatThrownBy(
            () ->
                LicenseKeyActivate.of("K", ORG, "l")
                    .meta(Map.of("x".repeat(41), MetadataValue.of(1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LicenseKeyUpdate.create().limitActivations(51L))
        .isInstanceOf(IllegalArgumentException.class);
    String secret = "SECRET-KEY-123";
    assertThat(LicenseKeyValidate.of(secret, ORG).toString()).doesNotContain(secret);
    assertThat(LicenseKeyActivate.of(secret, ORG, "l").toString()).doesNotContain(secret);
    assertThat(new LicenseKeyDeactivate(secret, ORG, ACTIVATION_ID).toString())
        .doesNotContain(secret);
  }

  @Test
  void keyOfAnyOperation_isReadLikeAListedKey() throws IOException {
    ObjectNode json = key();
    LicenseKeyRead listed =
        LicenseKeyCodec.readPage(new ByteArrayInputStream(Fixtures.bytes("page-current.json")), 3)
            .items()
            .get(0);
    json.putArray("activations");
    assertThat(read(json, OperationCodec::readKeyWithActivations).licenseKey()).isEqualTo(listed);
  }
}
