package dev.polarflux.testserver;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.MetadataValue;
import dev.polarflux.model.PolarTimestamp;
import dev.polarflux.testserver.ListQuery.Problem;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A JSON request body read the way FastAPI and pydantic read one: each field checked against its
 * type, every problem collected with its location {@code ["body", field]}, in field order. The body
 * is read with jackson-core into plain values: maps, lists, strings, {@link BigDecimal}s, booleans
 * and {@code null}.
 */
final class BodyReader {

  private static final int MAX_PAIRS = 50;
  private static final int MAX_NAME = 40;
  private static final int MAX_TEXT = 500;

  private final Map<String, Object> body;
  private final List<Problem> problems = new ArrayList<>();

  private BodyReader(Map<String, Object> body) {
    this.body = body;
  }

  /** Reads a body; a body that is not a JSON object is a problem of its own. */
  @SuppressWarnings("unchecked")
  static BodyReader read(byte[] bytes) {
    Object value;
    try (JsonParser p = LicenseKeyCodec.FACTORY.createParser(bytes)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        BodyReader empty = new BodyReader(Map.of());
        empty.problems.add(
            new Problem("missing", List.of("body"), "Field required", null, null, null));
        return empty;
      }
      value = value(p);
      if (p.nextToken() != null) {
        throw new IOException("data after the value");
      }
    } catch (IOException notJson) {
      BodyReader invalid = new BodyReader(Map.of());
      invalid.problems.add(
          new Problem(
              "json_invalid",
              List.of("body"),
              "JSON decode error",
              Map.of(),
              "error",
              "Expecting value"));
      return invalid;
    }
    if (!(value instanceof Map)) {
      BodyReader wrong = new BodyReader(Map.of());
      wrong.problems.add(
          new Problem(
              "model_attributes_type",
              List.of("body"),
              "Input should be a valid dictionary or object to extract fields from",
              value,
              null,
              null));
      return wrong;
    }
    return new BodyReader((Map<String, Object>) value);
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> fields = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
          p.nextToken();
          fields.put(name, value(p));
        }
        return fields;
      }
      case START_ARRAY -> {
        List<Object> elements = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          elements.add(value(p));
        }
        return elements;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return p.getDecimalValue();
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return t == JsonToken.VALUE_TRUE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IOException("unexpected " + t);
    }
  }

  /** The problems found so far. */
  List<Problem> problems() {
    return List.copyOf(problems);
  }

  /** Whether the body carried the field, {@code null} included. */
  boolean has(String name) {
    return body.containsKey(name);
  }

  /** A string field; {@code null} when absent (a problem if required) or not a string. */
  String string(String name, boolean required) {
    Object v = field(name, required, false);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      problem("string_type", name, "Input should be a valid string", v);
      return null;
    }
    return s;
  }

  /** A UUID field; {@code null} when absent, JSON null where allowed, or invalid (a problem). */
  UUID uuid(String name, boolean required) {
    Object v = field(name, required, !required);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      problem("uuid_type", name, "UUID input should be a string, bytes or UUID object", v);
      return null;
    }
    UUID id = ListQuery.parseUuid(s);
    if (id == null) {
      String reason = ListQuery.uuidProblem(s);
      problems.add(
          new Problem(
              "uuid_parsing",
              List.of("body", name),
              "Input should be a valid UUID, " + reason,
              s,
              "error",
              reason));
    }
    return id;
  }

  /**
   * An integer field no smaller than {@code min} ({@code exclusive}: greater than it) and, unless
   * {@code max} is {@link Long#MAX_VALUE}, no greater than {@code max}; {@code null} when absent,
   * JSON null or invalid (a problem).
   */
  Long integer(String name, long min, boolean exclusive, long max) {
    Object v = field(name, false, true);
    if (v == null) {
      return null;
    }
    if (!(v instanceof BigDecimal d)) {
      problem("int_type", name, "Input should be a valid integer", v);
      return null;
    }
    long value;
    try {
      value = d.longValueExact();
    } catch (ArithmeticException e) {
      problem(
          "int_from_float",
          name,
          "Input should be a valid integer, got a number with a fractional part",
          v);
      return null;
    }
    if (exclusive ? value <= min : value < min) {
      String type = exclusive ? "greater_than" : "greater_than_equal";
      String msg =
          exclusive
              ? "Input should be greater than " + min
              : "Input should be greater than or equal to " + min;
      problems.add(
          new Problem(type, List.of("body", name), msg, v, exclusive ? "gt" : "ge", (int) min));
      return null;
    }
    if (max != Long.MAX_VALUE && value > max) {
      problems.add(
          new Problem(
              "less_than_equal",
              List.of("body", name),
              "Input should be less than or equal to " + max,
              v,
              "le",
              (int) max));
      return null;
    }
    return value;
  }

  /** A status field; {@code null} when absent, JSON null or not a status (a problem). */
  LicenseKeyStatus status(String name) {
    Object v = field(name, false, true);
    if (v == null) {
      return null;
    }
    String expected = "'granted', 'revoked' or 'disabled'";
    LicenseKeyStatus status = v instanceof String s && !s.isEmpty() ? LicenseKeyStatus.of(s) : null;
    if (status == null || !status.isKnown()) {
      problems.add(
          new Problem(
              "enum",
              List.of("body", name),
              "Input should be " + expected,
              v,
              "expected",
              expected));
      return null;
    }
    return status;
  }

  /** A date-time field; {@code null} when absent, JSON null or invalid (a problem). */
  PolarTimestamp timestamp(String name) {
    Object v = field(name, false, true);
    if (v == null) {
      return null;
    }
    try {
      if (v instanceof String s) {
        return PolarTimestamp.of(OffsetDateTime.parse(s));
      }
    } catch (DateTimeParseException e) {
      // reported below
    }
    problem("datetime_from_date_parsing", name, "Input should be a valid datetime", v);
    return null;
  }

  /**
   * A key-value object (Polar's {@code conditions} and {@code meta}): at most 50 pairs, names of 1
   * to 40 characters, values strings of 1 to 500 characters, numbers or booleans. Empty when
   * absent; {@code null} when invalid (problems).
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> keyValues(String name) {
    Object v = field(name, false, false);
    if (v == null) {
      return has(name) ? invalidObject(name, null) : Map.of();
    }
    if (!(v instanceof Map)) {
      return invalidObject(name, v);
    }
    Map<String, Object> pairs = (Map<String, Object>) v;
    int before = problems.size();
    if (pairs.size() > MAX_PAIRS) {
      problems.add(
          new Problem(
              "too_long",
              List.of("body", name),
              "Dictionary should have at most 50 items after validation, not " + pairs.size(),
              v,
              "max_length",
              MAX_PAIRS));
    }
    for (Map.Entry<String, Object> e : pairs.entrySet()) {
      List<String> loc = List.of("body", name, e.getKey());
      Object value = e.getValue();
      if (e.getKey().isEmpty() || e.getKey().length() > MAX_NAME) {
        problems.add(
            new Problem(
                e.getKey().isEmpty() ? "string_too_short" : "string_too_long",
                List.of("body", name, e.getKey(), "[key]"),
                e.getKey().isEmpty()
                    ? "String should have at least 1 character"
                    : "String should have at most 40 characters",
                e.getKey(),
                e.getKey().isEmpty() ? "min_length" : "max_length",
                e.getKey().isEmpty() ? 1 : MAX_NAME));
      }
      if (value instanceof String s && (s.isEmpty() || s.length() > MAX_TEXT)) {
        problems.add(
            new Problem(
                s.isEmpty() ? "string_too_short" : "string_too_long",
                loc,
                s.isEmpty()
                    ? "String should have at least 1 character"
                    : "String should have at most 500 characters",
                s,
                s.isEmpty() ? "min_length" : "max_length",
                s.isEmpty() ? 1 : MAX_TEXT));
      } else if (!(value instanceof String
          || value instanceof BigDecimal
          || value instanceof Boolean)) {
        problems.add(
            new Problem("string_type", loc, "Input should be a valid string", value, null, null));
      }
    }
    return problems.size() == before ? pairs : null;
  }

  /** Polar's {@code meta}: the key-value pairs as metadata values, integers kept integral. */
  static Map<String, MetadataValue> metadata(Map<String, Object> pairs) {
    Map<String, MetadataValue> meta = new LinkedHashMap<>();
    pairs.forEach(
        (k, v) -> {
          if (v instanceof String s) {
            meta.put(k, MetadataValue.of(s));
          } else if (v instanceof Boolean b) {
            meta.put(k, MetadataValue.of(b));
          } else {
            BigDecimal d = (BigDecimal) v;
            boolean integral =
                d.scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
            meta.put(
                k, integral ? MetadataValue.of(d.longValue()) : MetadataValue.of(d.doubleValue()));
          }
        });
    return meta;
  }

  private Map<String, Object> invalidObject(String name, Object v) {
    problem("dict_type", name, "Input should be a valid dictionary", v);
    return null;
  }

  /**
   * A field's value: {@code null} when absent (a {@code missing} problem if required) or JSON null
   * (a problem unless {@code nullable}).
   */
  private Object field(String name, boolean required, boolean nullable) {
    if (!body.containsKey(name)) {
      if (required) {
        problems.add(
            new Problem("missing", List.of("body", name), "Field required", body, null, null));
      }
      return null;
    }
    Object v = body.get(name);
    if (v == null && !nullable && required) {
      problem("string_type", name, "Input should be a valid string", null);
    }
    return v;
  }

  private void problem(String type, String name, String message, Object input) {
    problems.add(new Problem(type, List.of("body", name), message, input, null, null));
  }
}
