package dev.polarflux.internal;

import java.util.Collection;
import java.util.function.Function;

/**
 * Finds a known value by the characters of its text, straight from the parser's buffer: no string
 * is created and no string hash is computed for the values an open enumeration knows.
 */
final class CharTable<T> {

  private final char[][] keys;
  private final Object[] values;
  private final int mask;

  CharTable(Collection<T> known, Function<T, String> text) {
    int size = Integer.highestOneBit(Math.max(4, known.size() * 4) - 1) << 1;
    keys = new char[size][];
    values = new Object[size];
    mask = size - 1;
    for (T value : known) {
      char[] k = text.apply(value).toCharArray();
      int i = hash(k, 0, k.length) & mask;
      while (keys[i] != null) {
        i = (i + 1) & mask;
      }
      keys[i] = k;
      values[i] = value;
    }
  }

  /** Returns the known value with exactly these characters, or {@code null}. */
  @SuppressWarnings("unchecked")
  T get(char[] chars, int offset, int length) {
    int i = hash(chars, offset, length) & mask;
    char[] k;
    while ((k = keys[i]) != null) {
      if (k.length == length && equal(k, chars, offset)) {
        return (T) values[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  private static boolean equal(char[] k, char[] chars, int offset) {
    for (int j = 0; j < k.length; j++) {
      if (k[j] != chars[offset + j]) {
        return false;
      }
    }
    return true;
  }

  private static int hash(char[] c, int offset, int length) {
    int h = length;
    for (int j = 0; j < length; j++) {
      h = 31 * h + c[offset + j];
    }
    return h ^ (h >>> 16);
  }
}
