package dev.polarflux;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The checks every {@link ListingQuery} shares. */
final class Queries {

  private Queries() {}

  /** Checks the paging components. */
  static void checkPaging(int limit, int startPage, long maxItems) {
    if (limit < 1 || limit > LicenseKeyQuery.MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and 100, was: " + limit);
    }
    if (startPage < 1) {
      throw new IllegalArgumentException("startPage must be at least 1, was: " + startPage);
    }
    if (maxItems < 0) {
      throw new IllegalArgumentException("maxItems must not be negative, was: " + maxItems);
    }
  }

  /** A copy of {@code values} that refuses {@code null} elements, naming the first. */
  @SafeVarargs
  static <T> List<T> listOf(String name, T... values) {
    Objects.requireNonNull(values, name);
    List<T> list = new ArrayList<>(values.length);
    for (int i = 0; i < values.length; i++) {
      list.add(Objects.requireNonNull(values[i], name + "[" + i + "]"));
    }
    return List.copyOf(list);
  }
}
