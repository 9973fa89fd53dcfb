package dev.polarflux.internal;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.List;
import java.util.function.Function;

/**
 * One field of one of Polar's object schemas: its JSON name, what kind of value it holds, whether
 * it must be there, and how to get it from the record. The constants of {@link KeyField} and {@link
 * CustomerField}, in Polar's order, are the one description of those schemas that the reader, the
 * writer, the command line's CSV columns and the checks against the model records all use.
 *
 * @param <R> the record the schema decodes into
 */
public final class Field<R> {

  /** What a field holds. */
  public enum Kind {
    /** A UUID in its text form. */
    UUID,
    /** An RFC 3339 date-time, kept as Polar's text. */
    TIMESTAMP,
    /** A string. */
    STRING,
    /** An integer that fits a {@code long}. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A value of an open enumeration, as its text. */
    ENUM,
    /** An object, an array or a map, read and written by code of its own. */
    COMPOSITE
  }

  /** Whether a field must be present, and how a {@code null} is written. */
  public enum Presence {
    /** Present and not {@code null}; a response without it fails to decode. */
    REQUIRED,
    /** May be {@code null} or absent (older servers); written as {@code null}. */
    NULLABLE,
    /** May be {@code null} or absent; left out when writing a {@code null}. */
    OMITTED_WHEN_NULL
  }

  private final String jsonName;
  private final SerializedString serializedName;
  private final Kind kind;
  private final Presence presence;
  private final Function<R, Object> value;

  Field(String jsonName, Kind kind, Presence presence, Function<R, Object> value) {
    this.jsonName = jsonName;
    this.serializedName = new SerializedString(jsonName);
    this.kind = kind;
    this.presence = presence;
    this.value = value;
  }

  /**
   * Returns the field's JSON name.
   *
   * @return the name as Polar spells it
   */
  public String jsonName() {
    return jsonName;
  }

  /** The JSON name, serialized once for the streaming reader and writer. */
  SerializedString serializedName() {
    return serializedName;
  }

  /**
   * Returns what the field holds.
   *
   * @return its kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns whether the field must be present.
   *
   * @return its presence
   */
  public Presence presence() {
    return presence;
  }

  /**
   * Returns the field's value in {@code record}, boxed.
   *
   * @param record the record
   * @return the value, {@code null} for a field the record holds none of
   */
  public Object valueIn(R record) {
    return value.apply(record);
  }

  /** The bits, by position in {@code fields}, of the fields that must be present. */
  static int requiredBits(List<? extends Field<?>> fields) {
    int bits = 0;
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).presence() == Presence.REQUIRED) {
        bits |= 1 << i;
      }
    }
    return bits;
  }
}
