package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A point in time as Polar wrote it: the instant, and Polar's own text for it.
 *
 * <p>Polar writes RFC 3339 timestamps with six fraction digits ({@code
 * 2024-03-11T21:16:32.185200Z}) and, when the microseconds are zero, none at all ({@code
 * 2024-03-11T21:16:32Z}). A {@code java.time} type keeps the instant but not the text: written back
 * by Jackson it becomes {@code 2024-03-11T21:16:32.1852Z}, and only with a time module registered.
 * This type keeps the text, so every JSON writer (the library's, Jackson 3's {@code JsonMapper},
 * Jackson 2's {@code ObjectMapper} without any module) writes back exactly what Polar sent, and
 * offers the instant as {@link #toInstant()} and {@link #toOffsetDateTime()}.
 *
 * <p>Two timestamps are {@linkplain #equals equal} when their texts are; {@link #compareTo} orders
 * by instant first, so {@code 2024-03-11T21:16:32Z} and {@code 2024-03-11T21:16:32+00:00} are
 * different values at the same instant.
 */
public final class PolarTimestamp implements Comparable<PolarTimestamp> {

  private final String text;

  /**
   * The parsed time, made on first use: decoding checks Polar's form without building it, so a
   * listing allocates only the text. {@code OffsetDateTime} is immutable, so a race at most parses
   * twice.
   */
  private OffsetDateTime value;

  private PolarTimestamp(String text, OffsetDateTime value) {
    this.text = text;
    this.value = value;
  }

  /**
   * Reads an RFC 3339 timestamp ({@code 2024-03-11T21:16:32.185200Z}, {@code 2024-03-11T21:16:32Z},
   * {@code 2024-03-11T22:16:32+01:00}) and keeps its text as it is.
   *
   * @param text the timestamp; never {@code null}
   * @return the timestamp
   * @throws DateTimeParseException when {@code text} is not a timestamp with an offset
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static PolarTimestamp parse(String text) {
    Objects.requireNonNull(text, "text");
    return new PolarTimestamp(text, Timestamps.isValid(text) ? null : Timestamps.parse(text));
  }

  /**
   * Returns the timestamp of {@code dateTime}, written as Polar writes it: six fraction digits
   * (nine when the time is finer than a microsecond, none when the fraction is zero) and {@code Z}
   * for UTC.
   *
   * @param dateTime the date and time; never {@code null}
   * @return the timestamp
   */
  public static PolarTimestamp of(OffsetDateTime dateTime) {
    Objects.requireNonNull(dateTime, "dateTime");
    return new PolarTimestamp(Timestamps.format(dateTime), dateTime);
  }

  /**
   * Returns the timestamp of {@code instant} in UTC, written as Polar writes it.
   *
   * @param instant the instant; never {@code null}
   * @return the timestamp
   * @see #of(OffsetDateTime)
   */
  public static PolarTimestamp of(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    return of(instant.atOffset(ZoneOffset.UTC));
  }

  /**
   * Returns the instant.
   *
   * @return the instant
   */
  public Instant toInstant() {
    return toOffsetDateTime().toInstant();
  }

  /**
   * Returns the date, time and offset, as written.
   *
   * @return the date and time with its offset
   */
  public OffsetDateTime toOffsetDateTime() {
    OffsetDateTime v = value;
    if (v == null) {
      v = Timestamps.parse(text);
      value = v;
    }
    return v;
  }

  /**
   * Returns the text as Polar wrote it; Jackson writes this text.
   *
   * @return the text
   */
  @JsonValue
  @Override
  public String toString() {
    return text;
  }

  /**
   * Orders by instant, then by text.
   *
   * @param other the other timestamp
   * @return negative, zero or positive as this timestamp is before, equal to or after {@code other}
   */
  @Override
  public int compareTo(PolarTimestamp other) {
    int byInstant = toInstant().compareTo(other.toInstant());
    return byInstant != 0 ? byInstant : text.compareTo(other.text);
  }

  /**
   * Whether this timestamp is earlier than {@code other}.
   *
   * @param other the other timestamp
   * @return {@code true} when this instant is before the other
   */
  public boolean isBefore(PolarTimestamp other) {
    return toOffsetDateTime().isBefore(other.toOffsetDateTime());
  }

  /**
   * Whether this timestamp is later than {@code other}.
   *
   * @param other the other timestamp
   * @return {@code true} when this instant is after the other
   */
  public boolean isAfter(PolarTimestamp other) {
    return toOffsetDateTime().isAfter(other.toOffsetDateTime());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PolarTimestamp other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
