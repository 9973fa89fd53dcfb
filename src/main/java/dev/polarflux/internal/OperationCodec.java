package dev.polarflux.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.polarflux.model.LicenseKeyActivate;
import dev.polarflux.model.LicenseKeyActivation;
import dev.polarflux.model.LicenseKeyActivationRead;
import dev.polarflux.model.LicenseKeyDeactivate;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyUpdate;
import dev.polarflux.model.LicenseKeyValidate;
import dev.polarflux.model.LicenseKeyWithActivations;
import dev.polarflux.model.MetadataValue;
import dev.polarflux.model.PolarTimestamp;
import dev.polarflux.model.ValidatedLicenseKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reads the answers and writes the requests of Polar's single-key operations (get, validate,
 * activate, deactivate, update), on top of {@link LicenseKeyCodec}'s key reader and writer: a key
 * with activations is a key's object with one more field, an activation with its key is an
 * activation's object with one more field.
 */
public final class OperationCodec {

  private static final ActivationField[] ACTIVATION_FIELDS = ActivationField.values();
  static final List<Field<LicenseKeyActivation>> ACTIVATION =
      Arrays.stream(ACTIVATION_FIELDS).map(ActivationField::field).toList();
  private static final LicenseKeyCodec.FieldOrder ACTIVATION_ORDER =
      new LicenseKeyCodec.FieldOrder(ACTIVATION);
  private static final int ACTIVATION_REQUIRED = Field.requiredBits(ACTIVATION);

  private OperationCodec() {}

  /** Reads one value from a parser positioned on its first token. */
  @FunctionalInterface
  public interface Reader<T> {
    /**
     * Reads the value.
     *
     * @param p the parser, on the value's first token
     * @return the value
     * @throws IOException on malformed JSON or a read failure
     */
    T read(JsonParser p) throws IOException;
  }

  /**
   * Decodes a whole response body: one object and nothing after it.
   *
   * @param in the body; read to its end, not closed
   * @param reader what the object is
   * @param <T> the decoded type
   * @return the decoded object
   * @throws IOException on malformed JSON or a read failure
   * @throws DecodeException when the JSON does not match the schema
   */
  public static <T> T read(InputStream in, Reader<T> reader) throws IOException {
    try (JsonParser p = LicenseKeyCodec.FACTORY.createParser(in)) {
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw LicenseKeyCodec.mismatch(
            p, "expected the response object, found " + LicenseKeyCodec.describe(t));
      }
      T value = reader.read(p);
      if (p.nextToken() != null) {
        throw LicenseKeyCodec.mismatch(p, "trailing content after the response object");
      }
      return value;
    }
  }

  /**
   * Decodes a {@code LicenseKeyWithActivations} from a parser on its {@code START_OBJECT}.
   *
   * @param p the parser
   * @return the key and its activations
   * @throws IOException on malformed JSON or a read failure
   */
  public static LicenseKeyWithActivations readKeyWithActivations(JsonParser p) throws IOException {
    List<List<LicenseKeyActivation>> activations = new ArrayList<>(1);
    LicenseKeyRead key =
        LicenseKeyCodec.readKey(
            p,
            (name, q) -> {
              if (!name.equals("activations")) {
                return false;
              }
              activations.add(readActivations(q));
              return true;
            });
    if (activations.isEmpty()) {
      throw LicenseKeyCodec.mismatch(p, "missing required field(s) [activations]");
    }
    return new LicenseKeyWithActivations(key, activations.get(activations.size() - 1));
  }

  /**
   * Decodes a {@code ValidatedLicenseKey} from a parser on its {@code START_OBJECT}.
   *
   * @param p the parser
   * @return the key and the activation the validation named, if any
   * @throws IOException on malformed JSON or a read failure
   */
  public static ValidatedLicenseKey readValidatedKey(JsonParser p) throws IOException {
    LicenseKeyActivation[] activation = {null};
    LicenseKeyRead key =
        LicenseKeyCodec.readKey(
            p,
            (name, q) -> {
              if (!name.equals("activation")) {
                return false;
              }
              JsonToken t = q.nextToken();
              if (t == JsonToken.START_OBJECT) {
                activation[0] = readActivation(q, null);
              } else if (t != JsonToken.VALUE_NULL) {
                throw LicenseKeyCodec.mismatch(
                    q, "expected an object or null, found " + LicenseKeyCodec.describe(t));
              }
              return true;
            });
    return new ValidatedLicenseKey(key, activation[0]);
  }

  /**
   * Decodes a {@code LicenseKeyActivationRead} from a parser on its {@code START_OBJECT}.
   *
   * @param p the parser
   * @return the activation and its key
   * @throws IOException on malformed JSON or a read failure
   */
  public static LicenseKeyActivationRead readActivationRead(JsonParser p) throws IOException {
    LicenseKeyRead[] key = {null};
    LicenseKeyActivation activation =
        readActivation(
            p,
            (name, q) -> {
              if (!name.equals("license_key")) {
                return false;
              }
              LicenseKeyCodec.expectObject(q);
              key[0] = LicenseKeyCodec.readKey(q);
              return true;
            });
    if (key[0] == null) {
      throw LicenseKeyCodec.mismatch(p, "missing required field(s) [license_key]");
    }
    return new LicenseKeyActivationRead(activation, key[0]);
  }

  private static List<LicenseKeyActivation> readActivations(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_ARRAY) {
      throw LicenseKeyCodec.mismatch(p, "expected an array, found " + LicenseKeyCodec.describe(t));
    }
    List<LicenseKeyActivation> activations = new ArrayList<>();
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.START_OBJECT) {
        throw LicenseKeyCodec.mismatch(
            p, "expected an activation object, found " + LicenseKeyCodec.describe(t));
      }
      activations.add(readActivation(p, null));
    }
    return activations;
  }

  /** Decodes an activation from a parser on its {@code START_OBJECT}. */
  private static LicenseKeyActivation readActivation(JsonParser p, LicenseKeyCodec.ExtraField extra)
      throws IOException {
    UUID id = null;
    UUID licenseKeyId = null;
    String label = null;
    Map<String, MetadataValue> meta = null;
    PolarTimestamp createdAt = null;
    PolarTimestamp modifiedAt = null;
    int seen = 0;
    int next = 0;
    for (int field;
        (field = LicenseKeyCodec.nextField(p, ACTIVATION_ORDER, next))
            != LicenseKeyCodec.END_OF_OBJECT; ) {
      if (field < 0) {
        if (extra == null || !extra.read(p.currentName(), p)) {
          LicenseKeyCodec.skip(p);
        }
        continue;
      }
      next = field + 1;
      seen |= 1 << field;
      switch (ACTIVATION_FIELDS[field]) {
        case ID -> id = LicenseKeyCodec.readUuid(p, false);
        case LICENSE_KEY_ID -> licenseKeyId = LicenseKeyCodec.readUuid(p, false);
        case LABEL -> label = LicenseKeyCodec.readString(p, false);
        case META -> meta = LicenseKeyCodec.readMetadata(p);
        case CREATED_AT -> createdAt = LicenseKeyCodec.readTimestamp(p, false);
        case MODIFIED_AT -> modifiedAt = LicenseKeyCodec.readTimestamp(p, true);
      }
    }
    if ((seen & ACTIVATION_REQUIRED) != ACTIVATION_REQUIRED) {
      throw LicenseKeyCodec.missing(p, seen, ACTIVATION_REQUIRED, ACTIVATION_ORDER);
    }
    return new LicenseKeyActivation(id, licenseKeyId, label, meta, createdAt, modifiedAt);
  }

  /**
   * Writes a {@code LicenseKeyWithActivations} as Polar does: the key's fields, then {@code
   * activations}.
   *
   * @param g the generator
   * @param k the key with its activations
   * @throws IOException when the generator fails
   */
  public static void writeKeyWithActivations(JsonGenerator g, LicenseKeyWithActivations k)
      throws IOException {
    g.writeStartObject();
    LicenseKeyCodec.writeFieldsOf(g, k.licenseKey(), LicenseKeyCodec.KEY);
    g.writeArrayFieldStart("activations");
    for (LicenseKeyActivation a : k.activations()) {
      LicenseKeyCodec.writeFields(g, a, ACTIVATION);
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  /**
   * Writes a {@code ValidatedLicenseKey} as Polar does: the key's fields, then {@code activation}.
   *
   * @param g the generator
   * @param v the validated key
   * @throws IOException when the generator fails
   */
  public static void writeValidatedKey(JsonGenerator g, ValidatedLicenseKey v) throws IOException {
    g.writeStartObject();
    LicenseKeyCodec.writeFieldsOf(g, v.licenseKey(), LicenseKeyCodec.KEY);
    g.writeFieldName("activation");
    if (v.activation() == null) {
      g.writeNull();
    } else {
      LicenseKeyCodec.writeFields(g, v.activation(), ACTIVATION);
    }
    g.writeEndObject();
  }

  /**
   * Writes a {@code LicenseKeyActivationRead} as Polar does: the activation's fields, then {@code
   * license_key}.
   *
   * @param g the generator
   * @param a the activation with its key
   * @throws IOException when the generator fails
   */
  public static void writeActivationRead(JsonGenerator g, LicenseKeyActivationRead a)
      throws IOException {
    g.writeStartObject();
    LicenseKeyCodec.writeFieldsOf(g, a.activation(), ACTIVATION);
    g.writeFieldName("license_key");
    LicenseKeyCodec.writeKey(g, a.licenseKey());
    g.writeEndObject();
  }

  /**
   * Encodes a validation request; optional fields Polar would default are left out.
   *
   * @param v the request
   * @return the JSON body
   */
  public static byte[] validate(LicenseKeyValidate v) {
    return body(
        g -> {
          g.writeStringField("key", v.key());
          g.writeStringField("organization_id", v.organizationId().toString());
          optional(g, "activation_id", v.activationId());
          optional(g, "benefit_id", v.benefitId());
          optional(g, "customer_id", v.customerId());
          if (v.incrementUsage() != null) {
            g.writeNumberField("increment_usage", v.incrementUsage());
          }
          keyValues(g, "conditions", v.conditions());
        });
  }

  /**
   * Encodes an activation request.
   *
   * @param a the request
   * @return the JSON body
   */
  public static byte[] activate(LicenseKeyActivate a) {
    return body(
        g -> {
          g.writeStringField("key", a.key());
          g.writeStringField("organization_id", a.organizationId().toString());
          g.writeStringField("label", a.label());
          keyValues(g, "conditions", a.conditions());
          keyValues(g, "meta", a.meta());
        });
  }

  /**
   * Encodes a deactivation request.
   *
   * @param d the request
   * @return the JSON body
   */
  public static byte[] deactivate(LicenseKeyDeactivate d) {
    return body(
        g -> {
          g.writeStringField("key", d.key());
          g.writeStringField("organization_id", d.organizationId().toString());
          g.writeStringField("activation_id", d.activationId().toString());
        });
  }

  /**
   * Encodes an update: exactly the fields it sets, a removed limit or expiry as {@code null}.
   *
   * @param u the update
   * @return the JSON body
   */
  public static byte[] update(LicenseKeyUpdate u) {
    return body(
        g -> {
          if (u.status() != null) {
            g.writeStringField("status", u.status().value());
          }
          if (u.setsUsage()) {
            g.writeNumberField("usage", u.usage());
          }
          if (u.setsLimitActivations()) {
            g.writeFieldName("limit_activations");
            LicenseKeyCodec.writeValue(g, u.limitActivations());
          }
          if (u.setsLimitUsage()) {
            g.writeFieldName("limit_usage");
            LicenseKeyCodec.writeValue(g, u.limitUsage());
          }
          if (u.setsExpiresAt()) {
            g.writeFieldName("expires_at");
            LicenseKeyCodec.writeValue(g, u.expiresAt());
          }
        });
  }

  private static void optional(JsonGenerator g, String name, UUID value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value.toString());
    }
  }

  private static void keyValues(JsonGenerator g, String name, Map<String, MetadataValue> values)
      throws IOException {
    if (!values.isEmpty()) {
      g.writeFieldName(name);
      LicenseKeyCodec.writeValue(g, values);
    }
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] body(Fields fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = LicenseKeyCodec.FACTORY.createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}
