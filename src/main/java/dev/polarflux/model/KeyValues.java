package dev.polarflux.model;

import java.util.Map;
import java.util.Objects;

/**
 * The checks Polar applies to the key-value objects of requests ({@code conditions}, {@code meta}).
 */
final class KeyValues {

  private KeyValues() {}

  /**
   * A frozen copy of {@code map}, checked as Polar checks it: at most 50 entries, names of 1 to 40
   * characters, strings of 1 to 500.
   */
  static Map<String, MetadataValue> checked(Map<String, MetadataValue> map, String name) {
    Map<String, MetadataValue> copy = MetadataMaps.frozen(map, name);
    if (copy.size() > 50) {
      throw new IllegalArgumentException(name + " may hold at most 50 entries, has " + copy.size());
    }
    copy.forEach(
        (k, v) -> {
          if (k.isEmpty() || k.length() > 40) {
            throw new IllegalArgumentException(
                name + " names must be 1 to 40 characters, one has " + k.length());
          }
          if (v instanceof MetadataValue.StringValue s
              && (s.value().isEmpty() || s.value().length() > 500)) {
            throw new IllegalArgumentException(
                name + " strings must be 1 to 500 characters, " + k + " has " + s.value().length());
          }
        });
    return copy;
  }

  /** Checks a license key given to a request: present and not blank. */
  static String key(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("key must not be blank");
    }
    return key;
  }
}
