package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * One value of a customer's metadata, keeping its JSON type: a string, an integer, a number or a
 * boolean.
 *
 * <pre>{@code
 * if (value instanceof MetadataValue.IntegerValue seats) {
 *   long n = seats.value();
 * }
 * }</pre>
 */
public sealed interface MetadataValue
    permits MetadataValue.StringValue,
        MetadataValue.IntegerValue,
        MetadataValue.NumberValue,
        MetadataValue.BooleanValue {

  /**
   * Returns the value as a plain Java object: {@link String}, {@link Long}, {@link Double} or
   * {@link Boolean}.
   *
   * @return the boxed value
   */
  Object asObject();

  /**
   * A string value.
   *
   * @param value the text; never {@code null}
   */
  record StringValue(@JsonValue String value) implements MetadataValue {
    /**
     * Checks the value.
     *
     * @param value the text; never {@code null}
     */
    public StringValue {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Object asObject() {
      return value;
    }
  }

  /**
   * An integer value.
   *
   * @param value the integer
   */
  record IntegerValue(@JsonValue long value) implements MetadataValue {
    @Override
    public Object asObject() {
      return value;
    }
  }

  /**
   * A number with a fraction or an exponent.
   *
   * @param value the number
   */
  record NumberValue(@JsonValue double value) implements MetadataValue {
    @Override
    public Object asObject() {
      return value;
    }
  }

  /**
   * A boolean value.
   *
   * @param value the boolean
   */
  record BooleanValue(@JsonValue boolean value) implements MetadataValue {
    @Override
    public Object asObject() {
      return value;
    }
  }

  /**
   * Wraps a string.
   *
   * @param value the text; never {@code null}
   * @return the metadata value
   */
  static MetadataValue of(String value) {
    return new StringValue(value);
  }

  /**
   * Wraps an integer.
   *
   * @param value the integer
   * @return the metadata value
   */
  static MetadataValue of(long value) {
    return new IntegerValue(value);
  }

  /**
   * Wraps a number.
   *
   * @param value the number
   * @return the metadata value
   */
  static MetadataValue of(double value) {
    return new NumberValue(value);
  }

  /**
   * Wraps a boolean.
   *
   * @param value the boolean
   * @return the metadata value
   */
  static MetadataValue of(boolean value) {
    return new BooleanValue(value);
  }

  /**
   * Converts a plain Java value, as a generic JSON binder produces it, into a metadata value.
   *
   * @param value a {@link String}, {@link Boolean}, integral {@link Number} that fits a {@code
   *     long}, or other {@link Number}
   * @return the metadata value
   * @throws IllegalArgumentException for {@code null}, objects, arrays and integers beyond {@code
   *     long}
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static MetadataValue fromObject(Object value) {
    if (value instanceof String s) {
      return of(s);
    }
    if (value instanceof Boolean b) {
      return of(b.booleanValue());
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return of(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      if (big.bitLength() < 64) {
        return of(big.longValue());
      }
      throw new IllegalArgumentException("metadata integer does not fit a long: " + big);
    }
    if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
      return of(((Number) value).doubleValue());
    }
    throw new IllegalArgumentException(
        "metadata value must be a string, integer, number or boolean, was: "
            + (value == null ? "null" : value.getClass().getSimpleName()));
  }
}
