package dev.polarflux.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Copies of Polar's key-value objects (metadata, meta, conditions) that keep their order. */
final class MetadataMaps {

  private MetadataMaps() {}

  /** An unmodifiable copy of {@code map} in its iteration order; no {@code null} key or value. */
  static Map<String, MetadataValue> frozen(Map<String, MetadataValue> map, String name) {
    Objects.requireNonNull(map, name);
    if (map.isEmpty()) {
      return Map.of();
    }
    Map<String, MetadataValue> copy = new LinkedHashMap<>(map);
    copy.forEach(
        (k, v) -> {
          Objects.requireNonNull(k, () -> name + " holds a null key");
          Objects.requireNonNull(v, () -> name + " holds a null value for " + k);
        });
    return Collections.unmodifiableMap(copy);
  }
}
