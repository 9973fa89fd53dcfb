package dev.polarflux.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * RFC 3339 timestamps as Polar writes them ({@code 2024-05-01T12:30:00.123456Z} or with a {@code
 * +HH:MM} offset), parsed straight from the parser's characters. Anything else goes through {@link
 * OffsetDateTime#parse}, so the fast path only ever narrows what is accepted.
 */
final class Timestamps {

  private Timestamps() {}

  static OffsetDateTime parse(char[] c, int off, int len) {
    // yyyy-MM-ddTHH:mm:ss is 19 characters; a zone needs at least one more.
    if (len >= 20
        && c[off + 4] == '-'
        && c[off + 7] == '-'
        && (c[off + 10] == 'T' || c[off + 10] == 't')
        && c[off + 13] == ':'
        && c[off + 16] == ':') {
      int year = digits(c, off, 4);
      int month = digits(c, off + 5, 2);
      int day = digits(c, off + 8, 2);
      int hour = digits(c, off + 11, 2);
      int minute = digits(c, off + 14, 2);
      int second = digits(c, off + 17, 2);
      int pos = off + 19;
      int end = off + len;
      int nanos = 0;
      if (pos < end && c[pos] == '.') {
        pos++;
        int fractionDigits = 0;
        while (pos < end && c[pos] >= '0' && c[pos] <= '9') {
          if (fractionDigits == 9) {
            return fallback(c, off, len);
          }
          nanos = nanos * 10 + (c[pos] - '0');
          fractionDigits++;
          pos++;
        }
        if (fractionDigits == 0) {
          return fallback(c, off, len);
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
          throw new DateTimeParseException(e.getMessage(), new String(c, off, len), 0, e);
        }
      }
    }
    return fallback(c, off, len);
  }

  static OffsetDateTime parse(String text) {
    return parse(text.toCharArray(), 0, text.length());
  }

  private static OffsetDateTime fallback(char[] c, int off, int len) {
    return OffsetDateTime.parse(new String(c, off, len));
  }

  private static ZoneOffset offset(char[] c, int pos, int end) {
    int remaining = end - pos;
    if (remaining == 1 && (c[pos] == 'Z' || c[pos] == 'z')) {
      return ZoneOffset.UTC;
    }
    if (remaining == 6 && (c[pos] == '+' || c[pos] == '-') && c[pos + 3] == ':') {
      int hours = digits(c, pos + 1, 2);
      int minutes = digits(c, pos + 4, 2);
      if ((hours | minutes) < 0 || hours > 18 || minutes > 59) {
        return null;
      }
      if (hours == 0 && minutes == 0) {
        return ZoneOffset.UTC;
      }
      int sign = c[pos] == '-' ? -1 : 1;
      return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
    return null;
  }

  /** The decimal value of {@code count} digits, or -1 when one of them is not a digit. */
  private static int digits(char[] c, int pos, int count) {
    int value = 0;
    for (int i = 0; i < count; i++) {
      int d = c[pos + i] - '0';
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
