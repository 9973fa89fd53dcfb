package dev.polarflux.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** The known values of one open enumeration, interned so that decoding them allocates nothing. */
final class OpenValues<T> {

  private final Map<String, T> known;
  private final Function<String, T> factory;

  OpenValues(Function<String, T> factory, String... values) {
    this.factory = factory;
    Map<String, T> map = new HashMap<>(values.length * 2);
    for (String value : values) {
      map.put(value, factory.apply(value));
    }
    this.known = Map.copyOf(map);
  }

  /** Makes {@link #of} return these very instances for their values. */
  @SafeVarargs
  final OpenValues<T> interning(Function<T, String> valueOf, T... constants) {
    Map<String, T> map = new HashMap<>(known);
    for (T constant : constants) {
      map.put(valueOf.apply(constant), constant);
    }
    return new OpenValues<>(factory, Map.copyOf(map));
  }

  private OpenValues(Function<String, T> factory, Map<String, T> known) {
    this.factory = factory;
    this.known = known;
  }

  T of(String value) {
    Objects.requireNonNull(value, "value");
    T interned = known.get(value);
    return interned != null ? interned : factory.apply(value);
  }

  boolean isKnown(String value) {
    return known.containsKey(value);
  }
}
