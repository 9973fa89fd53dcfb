package dev.polarflux.model;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 timestamps as Polar writes them ({@code 2024-05-01T12:30:00.123456Z} or with a {@code
 * +HH:MM} offset), parsed by hand for speed. Anything else goes through {@link
 * OffsetDateTime#parse}, so the fast path only ever narrows what is accepted.
 */
final class Timestamps {

  private Timestamps() {}

  static OffsetDateTime parse(String c) {
    int len = c.length();
    // yyyy-MM-ddTHH:mm:ss is 19 characters; a zone needs at least one more.
    if (len >= 20
        && c.charAt(4) == '-'
        && c.charAt(7) == '-'
        && (c.charAt(10) == 'T' || c.charAt(10) == 't')
        && c.charAt(13) == ':'
        && c.charAt(16) == ':') {
      int year = digits(c, 0, 4);
      int month = digits(c, 5, 2);
      int day = digits(c, 8, 2);
      int hour = digits(c, 11, 2);
      int minute = digits(c, 14, 2);
      int second = digits(c, 17, 2);
      int pos = 19;
      int end = len;
      int nanos = 0;
      if (pos < end && c.charAt(pos) == '.') {
        pos++;
        int fractionDigits = 0;
        while (pos < end && c.charAt(pos) >= '0' && c.charAt(pos) <= '9') {
          if (fractionDigits == 9) {
            return fallback(c);
          }
          nanos = nanos * 10 + (c.charAt(pos) - '0');
          fractionDigits++;
          pos++;
        }
        if (fractionDigits == 0) {
          return fallback(c);
        }
        for (int i = fractionDigits; i < 9; i++) {
          nanos *= 10;
        }
      }
      ZoneOffset offset = offset(c, pos, end);
      if ((year | month | day | hour | minute | second) >= 0 && offset != null) {
        try {
          return OffsetDateTime.of(
              LocalDateTime.of(
                  LocalDate.of(year, month, day), LocalTime.of(hour, minute, second, nanos)),
              offset);
        } catch (java.time.DateTimeException e) {
          throw new DateTimeParseException(e.getMessage(), c, 0, e);
        }
      }
    }
    return fallback(c);
  }

  private static OffsetDateTime fallback(String c) {
    return OffsetDateTime.parse(c);
  }

  private static ZoneOffset offset(String c, int pos, int end) {
    int remaining = end - pos;
    if (remaining == 1 && (c.charAt(pos) == 'Z' || c.charAt(pos) == 'z')) {
      return ZoneOffset.UTC;
    }
    if (remaining == 6
        && (c.charAt(pos) == '+' || c.charAt(pos) == '-')
        && c.charAt(pos + 3) == ':') {
      int hours = digits(c, pos + 1, 2);
      int minutes = digits(c, pos + 4, 2);
      if ((hours | minutes) < 0 || hours > 18 || minutes > 59) {
        return null;
      }
      if (hours == 0 && minutes == 0) {
        return ZoneOffset.UTC;
      }
      int sign = c.charAt(pos) == '-' ? -1 : 1;
      return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
    return null;
  }

  /** The decimal value of {@code count} digits, or -1 when one of them is not a digit. */
  private static int digits(String c, int pos, int count) {
    int value = 0;
    for (int i = 0; i < count; i++) {
      int d = c.charAt(pos + i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  /**
   * Formats a timestamp as Polar does: seconds always, a fraction of six digits when it is whole
   * microseconds (nine otherwise, none when zero), and {@code Z} for UTC.
   */
  static String format(OffsetDateTime t) {
    StringBuilder sb = new StringBuilder(32);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      return t.toString();
    }
    pad(sb, year, 4).append('-');
    pad(sb, t.getMonthValue(), 2).append('-');
    pad(sb, t.getDayOfMonth(), 2).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    int nanos = t.getNano();
    if (nanos != 0) {
      sb.append('.');
      if (nanos % 1000 == 0) {
        pad(sb, nanos / 1000, 6);
      } else {
        pad(sb, nanos, 9);
      }
    }
    ZoneOffset offset = t.getOffset();
    sb.append(offset.getTotalSeconds() == 0 ? "Z" : offset.getId());
    return sb.toString();
  }

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(digits);
  }
}
