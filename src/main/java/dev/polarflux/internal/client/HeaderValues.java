package dev.polarflux.internal.client;

/**
 * What may go into a request header. A value with CR or LF would end the header early and let the
 * rest pose as headers or a second request on the same connection; other control characters and
 * non-ASCII text are mangled or refused on the way. A token is stricter still: visible ASCII only.
 */
public final class HeaderValues {

  private HeaderValues() {}

  /**
   * Tells what makes {@code value} unfit for a header, without quoting it (it may be a secret).
   *
   * @param token {@code true} for a bearer token: no spaces or tabs either
   * @return {@code null} when the value may be sent, else the problem ("contains a line feed at
   *     index 3")
   */
  static String problem(String value, boolean token) {
    if (value.isEmpty()) {
      return "is empty";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r') {
        return "contains a carriage return at index " + i;
      }
      if (c == '\n') {
        return "contains a line feed at index " + i;
      }
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return String.format("contains the control character U+%04X at index %d", (int) c, i);
      }
      if (c > 0x7e) {
        return "contains a non-ASCII character at index " + i;
      }
      if (token && (c == ' ' || c == '\t')) {
        return "contains white space at index " + i;
      }
    }
    if (value.isBlank()) {
      return "is blank";
    }
    return null;
  }

  /**
   * Checks a value given to a setter.
   *
   * @throws IllegalArgumentException naming {@code name} and the problem, never the value
   */
  public static String require(String value, String name, boolean token) {
    String problem = problem(value, token);
    if (problem != null) {
      throw new IllegalArgumentException(
          name
              + " "
              + problem
              + (token
                  ? "; a token is visible ASCII characters only"
                  : "; a header value is printable ASCII characters only"));
    }
    return value;
  }
}
