package dev.polarflux.testserver;

import dev.polarflux.model.LicenseKeyStatus;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The query parameters of a list request, read and validated the way FastAPI and pydantic do: the
 * last value of a repeated scalar wins, {@code page} and {@code limit} are integers greater than
 * zero, {@code benefit_id} is a UUID. Errors are listed in the order pydantic reports them.
 *
 * @param page the page, {@code 1} by default; {@code null} when not an integer
 * @param limit the limit before clamping, {@code 10} by default; {@code null} when not an integer
 * @param benefitId the benefit filter; {@code null} when absent or invalid
 * @param errors the validation errors; empty when the query is valid
 */
record ListQuery(Integer page, Integer limit, UUID benefitId, List<Problem> errors) {

  /** The largest {@code limit} the server honours; larger values are clamped. */
  static final int MAX_LIMIT = 100;

  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final String INT_PARSING =
      "Input should be a valid integer, unable to parse string as an integer";

  /**
   * One pydantic error.
   *
   * @param type the error type, such as {@code greater_than}
   * @param loc where: {@code ["query", parameter]}, {@code ["body", field]}, {@code ["path",
   *     name]}, or longer for a member of a body field
   * @param message the message
   * @param input the offending value: a string, or a JSON value of a body (map, list, number,
   *     boolean or {@code null})
   * @param ctxName the name of the one context entry; nullable (no {@code ctx})
   * @param ctxValue the context entry's value, an {@link Integer} or a {@link String}
   */
  record Problem(
      String type,
      List<String> loc,
      String message,
      Object input,
      String ctxName,
      Object ctxValue) {

    /** A problem with a query parameter. */
    Problem(
        String type,
        String parameter,
        String message,
        String input,
        String ctxName,
        Object ctxValue) {
      this(type, List.of("query", parameter), message, input, ctxName, ctxValue);
    }
  }

  static ListQuery parse(Map<String, List<String>> params) {
    List<Problem> errors = new ArrayList<>();
    Integer page = positive(params, "page", 1, errors);
    Integer limit = positive(params, "limit", 10, errors);
    UUID benefitId = null;
    String benefit = last(params, "benefit_id");
    if (benefit != null) {
      Set<UUID> one = uuids(Map.of("benefit_id", List.of(benefit)), "benefit_id", errors);
      benefitId = one.isEmpty() ? null : one.iterator().next();
    }
    return new ListQuery(page, limit, benefitId, List.copyOf(errors));
  }

  /**
   * The filters of the organisation listing: each may be repeated, its values ORed.
   *
   * @param organizationIds the {@code organization_id} values; empty when absent
   * @param benefitIds the {@code benefit_id} values; empty when absent
   * @param statuses the {@code status} values; empty when absent
   * @param errors the validation errors, in parameter order
   */
  record Filters(
      Set<UUID> organizationIds,
      Set<UUID> benefitIds,
      Set<LicenseKeyStatus> statuses,
      List<Problem> errors) {}

  /** The statuses the organisation listing accepts, in pydantic's enum message. */
  private static final String STATUS_EXPECTED = "'granted', 'revoked' or 'disabled'";

  /** Reads the organisation listing's query: paging as {@link #parse}, then its filters. */
  static Filters filters(Map<String, List<String>> params) {
    List<Problem> errors = new ArrayList<>();
    Set<UUID> organizations = uuids(params, "organization_id", errors);
    Set<UUID> benefits = uuids(params, "benefit_id", errors);
    Set<LicenseKeyStatus> statuses = new LinkedHashSet<>();
    for (String s : params.getOrDefault("status", List.of())) {
      LicenseKeyStatus status = LicenseKeyStatus.of(s);
      if (status.isKnown()) {
        statuses.add(status);
      } else {
        errors.add(
            new Problem(
                "enum",
                "status",
                "Input should be " + STATUS_EXPECTED,
                s,
                "expected",
                STATUS_EXPECTED));
      }
    }
    return new Filters(organizations, benefits, statuses, List.copyOf(errors));
  }

  private static Set<UUID> uuids(
      Map<String, List<String>> params, String name, List<Problem> errors) {
    Set<UUID> ids = new LinkedHashSet<>();
    for (String text : params.getOrDefault(name, List.of())) {
      UUID id = parseUuid(text);
      if (id != null) {
        ids.add(id);
      } else {
        String reason = uuidProblem(text);
        errors.add(
            new Problem(
                "uuid_parsing",
                name,
                "Input should be a valid UUID, " + reason,
                text,
                "error",
                reason));
      }
    }
    return ids;
  }

  /** The limit the server applies: the requested one clamped to {@link #MAX_LIMIT}. */
  int effectiveLimit() {
    return Math.min(limit, MAX_LIMIT);
  }

  private static Integer positive(
      Map<String, List<String>> params, String name, int fallback, List<Problem> errors) {
    String text = last(params, name);
    if (text == null) {
      return fallback;
    }
    String trimmed = text.strip();
    if (!INTEGER.matcher(trimmed).matches()) {
      errors.add(new Problem("int_parsing", name, INT_PARSING, text, null, null));
      return null;
    }
    boolean negative = trimmed.startsWith("-");
    String digits = trimmed.replaceFirst("^[+-]?0*", "");
    long magnitude =
        digits.isEmpty() ? 0 : digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
    // Beyond int: a page that far is past any end, a limit that large is clamped anyway.
    int value = (int) Math.min(magnitude, Integer.MAX_VALUE) * (negative ? -1 : 1);
    if (value <= 0) {
      errors.add(
          new Problem("greater_than", name, "Input should be greater than 0", text, "gt", 0));
    }
    return value;
  }

  private static String last(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
  }

  /** Parses the UUID forms pydantic accepts: hyphenated, simple, braced and URN. */
  static UUID parseUuid(String text) {
    String t = strip(text);
    if (t.length() == 32 && isHex(t)) {
      t =
          t.substring(0, 8)
              + "-"
              + t.substring(8, 12)
              + "-"
              + t.substring(12, 16)
              + "-"
              + t.substring(16, 20)
              + "-"
              + t.substring(20);
    }
    if (t.length() != 36) {
      return null;
    }
    for (int i = 0; i < 36; i++) {
      char c = t.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !isHex(c)) {
        return null;
      }
    }
    return UUID.fromString(t);
  }

  /** Explains, in the words of Rust's {@code uuid} crate that pydantic uses, why parsing failed. */
  static String uuidProblem(String text) {
    String t = strip(text);
    int prefix = text.length() - t.length() - (text.endsWith("}") ? 1 : 0);
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c != '-' && !isHex(c)) {
        return "invalid character: expected an optional prefix of `urn:uuid:` followed by"
            + " [0-9a-fA-F-], found `"
            + c
            + "` at "
            + (prefix + i + 1);
      }
    }
    String[] groups = t.split("-", -1);
    if (groups.length == 1 || t.length() != 36) {
      if (groups.length != 1 && groups.length != 5) {
        return "invalid group count: expected 5, found " + groups.length;
      }
      if (groups.length == 1) {
        return "invalid length: expected length 32 for simple format, found " + t.length();
      }
    }
    int[] expected = {8, 4, 4, 4, 12};
    for (int g = 0; g < 5; g++) {
      if (groups[g].length() != expected[g]) {
        return "invalid group length in group "
            + g
            + ": expected "
            + expected[g]
            + ", found "
            + groups[g].length();
      }
    }
    return "invalid group count: expected 5, found " + groups.length;
  }

  private static String strip(String text) {
    if (text.regionMatches(true, 0, "urn:uuid:", 0, 9)) {
      return text.substring(9);
    }
    if (text.length() == 38 && text.startsWith("{") && text.endsWith("}")) {
      return text.substring(1, 37);
    }
    return text;
  }

  private static boolean isHex(String t) {
    for (int i = 0; i < t.length(); i++) {
      if (!isHex(t.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** ASCII hex digits only: {@link Character#digit} would also take other scripts' digits. */
  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
