package dev.polarflux.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document read whole with jackson-core, for the small error bodies the client inspects (the
 * list responses go through {@link LicenseKeyCodec}). It answers as databind's tree would: a field
 * repeated keeps its first position and its last value, numbers are integers or doubles, {@link
 * #asText()} gives a scalar's text and an empty string for an object or array, and {@link
 * #toString()} the value as compact JSON.
 */
public final class JsonValue {

  private static final JsonFactory FACTORY = new JsonFactory();

  private final JsonToken kind;
  private final Object value;

  private JsonValue(JsonToken kind, Object value) {
    this.kind = kind;
    this.value = value;
  }

  /**
   * Reads the first JSON value of {@code text}; what follows it is not read.
   *
   * @param text the text; may be {@code null}
   * @return the value, or {@code null} when {@code text} is {@code null}, blank or not JSON
   */
  public static JsonValue parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try (JsonParser p = FACTORY.createParser(text)) {
      return p.nextToken() == null ? null : read(p);
    } catch (IOException notJson) {
      return null;
    }
  }

  private static JsonValue read(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, JsonValue> fields = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
          p.nextToken();
          fields.put(name, read(p));
        }
        return new JsonValue(t, fields);
      }
      case START_ARRAY -> {
        List<JsonValue> elements = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          elements.add(read(p));
        }
        return new JsonValue(t, elements);
      }
      case VALUE_STRING -> {
        return new JsonValue(t, p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return new JsonValue(t, p.getNumberValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        return new JsonValue(t, p.getDoubleValue());
      }
      case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
        return new JsonValue(t, null);
      }
      default -> throw new IOException("unexpected " + t);
    }
  }

  /**
   * Returns a field of an object.
   *
   * @param name the field's name
   * @return its value, or {@code null} when this is not an object or has no such field
   */
  public JsonValue get(String name) {
    return kind == JsonToken.START_OBJECT ? fields().get(name) : null;
  }

  /**
   * Whether this is an array.
   *
   * @return {@code true} for an array
   */
  public boolean isArray() {
    return kind == JsonToken.START_ARRAY;
  }

  /**
   * Whether this is a string.
   *
   * @return {@code true} for a string
   */
  public boolean isText() {
    return kind == JsonToken.VALUE_STRING;
  }

  /**
   * Whether this is {@code null}.
   *
   * @return {@code true} for JSON {@code null}
   */
  public boolean isNull() {
    return kind == JsonToken.VALUE_NULL;
  }

  /**
   * Returns the elements of an array.
   *
   * @return the elements, or none when this is not an array
   */
  @SuppressWarnings("unchecked")
  public List<JsonValue> elements() {
    return isArray() ? Collections.unmodifiableList((List<JsonValue>) value) : List.of();
  }

  @SuppressWarnings("unchecked")
  private Map<String, JsonValue> fields() {
    return (Map<String, JsonValue>) value;
  }

  /**
   * Returns a scalar's text: a string's value, a number's or literal's JSON text; an empty string
   * for an object or an array.
   *
   * @return the text
   */
  public String asText() {
    return switch (kind) {
      case VALUE_STRING -> (String) value;
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> String.valueOf(value);
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> "null";
      default -> "";
    };
  }

  /** Returns the value as compact JSON. */
  @Override
  public String toString() {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private void write(JsonGenerator g) throws IOException {
    switch (kind) {
      case START_OBJECT -> {
        g.writeStartObject();
        for (Map.Entry<String, JsonValue> e : fields().entrySet()) {
          g.writeFieldName(e.getKey());
          e.getValue().write(g);
        }
        g.writeEndObject();
      }
      case START_ARRAY -> {
        g.writeStartArray();
        for (JsonValue element : elements()) {
          element.write(g);
        }
        g.writeEndArray();
      }
      case VALUE_STRING -> g.writeString((String) value);
      case VALUE_NUMBER_INT -> {
        if (value instanceof BigInteger big) {
          g.writeNumber(big);
        } else {
          g.writeNumber(((Number) value).longValue());
        }
      }
      case VALUE_NUMBER_FLOAT -> g.writeNumber((double) value);
      case VALUE_TRUE, VALUE_FALSE -> g.writeBoolean(kind == JsonToken.VALUE_TRUE);
      default -> g.writeNull();
    }
  }
}
