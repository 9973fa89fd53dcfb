package dev.polarflux.internal;

import java.util.UUID;

/** Canonical 36-character UUIDs read straight from the parser's characters. */
final class Uuids {

  /** The value of each hexadecimal digit, -1 for any other character below 128. */
  private static final byte[] HEX = new byte[128];

  static {
    java.util.Arrays.fill(HEX, (byte) -1);
    for (int i = 0; i < 10; i++) {
      HEX['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      HEX['a' + i] = (byte) (10 + i);
      HEX['A' + i] = (byte) (10 + i);
    }
  }

  private Uuids() {}

  /** Returns the UUID, or {@code null} when the text is not a canonical UUID. */
  static UUID parse(char[] c, int off, int len) {
    if (len != 36
        || c[off + 8] != '-'
        || c[off + 13] != '-'
        || c[off + 18] != '-'
        || c[off + 23] != '-') {
      return null;
    }
    long msb = hex(c, off, 8);
    long b = hex(c, off + 9, 4);
    long d = hex(c, off + 14, 4);
    long lsbHigh = hex(c, off + 19, 4);
    long lsbLow = hex(c, off + 24, 12);
    if ((msb | b | d | lsbHigh | lsbLow) < 0) {
      return null;
    }
    return new UUID(msb << 32 | b << 16 | d, lsbHigh << 48 | lsbLow);
  }

  private static long hex(char[] c, int pos, int count) {
    long value = 0;
    int bad = 0;
    for (int i = 0; i < count; i++) {
      char ch = c[pos + i];
      int digit = ch < 128 ? HEX[ch] : -1;
      bad |= digit;
      value = value << 4 | (digit & 0xF);
    }
    return bad < 0 ? -1 : value;
  }
}
