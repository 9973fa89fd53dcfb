package dev.polarflux.internal.client;

/**
 * Where a request belongs, for the errors and logs it causes: a page of a listing, or one of the
 * single-key operations.
 *
 * @param page the page, or {@code 0} for an operation
 * @param operation the operation's name (such as {@code "validate"}), or {@code null} for a page
 */
public record Site(int page, String operation) {

  /** A page of a listing. */
  static Site page(int page) {
    return new Site(page, null);
  }

  /** A single-key operation. */
  static Site operation(String name) {
    return new Site(0, name);
  }

  /** Whether this is a page of a listing. */
  boolean isPage() {
    return operation == null;
  }

  /** {@code "page 3"} or {@code "validate"}. */
  String subject() {
    return operation == null ? "page " + page : operation;
  }

  /** {@code " on page 3"} or {@code " on validate"}: the end of an error message. */
  String where() {
    return " on " + subject();
  }

  @Override
  public String toString() {
    return subject();
  }
}
