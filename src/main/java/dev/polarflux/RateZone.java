package dev.polarflux;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A rate-limit zone of Polar's: requests that Polar counts together for one identity, at most
 * {@code limit} in any {@code window}. Everything under {@code /v1} is one zone ({@link
 * #api(int)}); a budget keeps one count per zone and identity.
 *
 * @param name a short name, used in keys: lowercase letters, digits and dashes, 1 to 32 of them
 * @param limit the most requests one window may hold, 1 or more
 * @param window the window, at least one millisecond
 */
public record RateZone(String name, int limit, Duration window) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");

  /** The name of the zone of every {@code /v1} request: {@value}. */
  public static final String API = "v1";

  /** The name of the zone of the customer portal's key operations: {@value}. */
  public static final String KEY_OPERATIONS = "portal-key-operations";

  /**
   * Checks the fields.
   *
   * @param name a short name: lowercase letters, digits and dashes, 1 to 32 of them
   * @param limit the most requests one window may hold, 1 or more
   * @param window the window, at least one millisecond
   * @throws IllegalArgumentException when a field is out of range
   */
  public RateZone {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(window, "window");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name must be 1 to 32 lowercase letters, digits or dashes, was: " + name);
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was: " + limit);
    }
    if (window.toMillis() < 1) {
      throw new IllegalArgumentException("window must be at least 1ms, was: " + window);
    }
  }

  /**
   * The zone of the customer portal's key operations ({@code POST
   * /v1/customer-portal/license-keys/validate}, {@code activate}, {@code deactivate}), counted in
   * one-second windows. Polar grants 3 a second per identity (requests without a token are counted
   * by IP address), and a request over it blocks every {@code /v1} request of that identity for 60
   * seconds.
   *
   * @param requestsPerSecond the budget, 1 or more
   * @return the zone
   */
  public static RateZone customerPortalKeyOperations(int requestsPerSecond) {
    return new RateZone(KEY_OPERATIONS, requestsPerSecond, Duration.ofSeconds(1));
  }

  /**
   * The zone of every {@code /v1} request, counted in one-minute windows.
   *
   * @param requestsPerMinute the budget, 1 or more (Polar grants 500 in production, 100 in the
   *     sandbox)
   * @return the zone
   */
  public static RateZone api(int requestsPerMinute) {
    return new RateZone(API, requestsPerMinute, Duration.ofMinutes(1));
  }

  /**
   * Returns the least time between the start of one request and the start of the request {@code
   * limit} places after it: the window and one sixtieth of it (a second of a minute), which allows
   * for the time a request spends between its slot and its arrival at Polar. So no span of one
   * window holds more than {@code limit} arrivals, however Polar aligns its windows.
   *
   * @return the window plus one sixtieth
   */
  public Duration spacing() {
    return window.plus(window.dividedBy(60));
  }
}
