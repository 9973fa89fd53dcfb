package dev.polarflux.model;

import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;

/**
 * RFC 3339 timestamps as Polar writes them ({@code 2024-05-01T12:30:00.123456Z} or with a {@code
 * +HH:MM} offset), checked and parsed by hand for speed. Anything else goes through {@link
 * OffsetDateTime#parse}, so the fast path only ever narrows what is accepted.
 */
final class Timestamps {

  /** {@code yyyy-MM-ddTHH:mm:ss}: the fraction, if any, starts here. */
  private static final int SECONDS_END = 19;

  /** What a fraction of {@code n} digits is multiplied by to give nanoseconds. */
  private static final int[] SCALE = {
    0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  private Timestamps() {}

  /**
   * Whether {@code c} has the form above and names a valid date, time and offset, so that {@link
   * #parse} takes the fast path. Allocates nothing.
   */
  static boolean isValid(String c) {
    int fractionEnd = fractionEnd(c);
    if (fractionEnd < 0) {
      return false;
    }
    int year = digits(c, 0, 4);
    int month = digits(c, 5, 2);
    int day = digits(c, 8, 2);
    int hour = digits(c, 11, 2);
    int minute = digits(c, 14, 2);
    int second = digits(c, 17, 2);
    return (year | day | hour | minute | second) >= 0
        && month >= 1
        && month <= 12
        && day >= 1
        && day <= Month.of(month).length(Year.isLeap(year))
        && hour <= 23
        && minute <= 59
        && second <= 59
        && offset(c, fractionEnd, c.length()) != null;
  }

  static OffsetDateTime parse(String c) {
    if (!isValid(c)) {
      return OffsetDateTime.parse(c);
    }
    int fractionEnd = fractionEnd(c);
    int fractionDigits = Math.max(fractionEnd - SECONDS_END - 1, 0);
    int nanos = digits(c, SECONDS_END + 1, fractionDigits) * SCALE[fractionDigits];
    return OffsetDateTime.of(
        digits(c, 0, 4),
        digits(c, 5, 2),
        digits(c, 8, 2),
        digits(c, 11, 2),
        digits(c, 14, 2),
        digits(c, 17, 2),
        nanos,
        offset(c, fractionEnd, c.length()));
  }

  /**
   * Where the zone starts: after the seconds and a fraction of one to nine digits, if any; -1 when
   * {@code c} does not have the shape {@code yyyy-MM-ddTHH:mm:ss[.fraction]} followed by a zone.
   */
  private static int fractionEnd(String c) {
    int len = c.length();
    if (len <= SECONDS_END
        || c.charAt(4) != '-'
        || c.charAt(7) != '-'
        || (c.charAt(10) != 'T' && c.charAt(10) != 't')
        || c.charAt(13) != ':'
        || c.charAt(16) != ':') {
      return -1;
    }
    if (c.charAt(SECONDS_END) != '.') {
      return SECONDS_END;
    }
    int pos = SECONDS_END + 1;
    while (pos < len && c.charAt(pos) >= '0' && c.charAt(pos) <= '9') {
      pos++;
    }
    int fractionDigits = pos - SECONDS_END - 1;
    return fractionDigits == 0 || fractionDigits > 9 ? -1 : pos;
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
      if ((hours | minutes) < 0 || hours > 18 || minutes > 59 || hours == 18 && minutes > 0) {
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
