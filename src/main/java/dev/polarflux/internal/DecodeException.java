package dev.polarflux.internal;

/** A response body that is well-formed JSON but not the shape Polar's schema declares. */
public final class DecodeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The JSON pointer of the offending value; {@code null} when the problem has no position. */
  private final String pointer;

  private final String problem;

  DecodeException(String message) {
    super(message, null, false, false);
    this.pointer = null;
    this.problem = message;
  }

  /**
   * A problem at a position: the message reads {@code at <pointer>: <problem><location>}, or just
   * the problem and location when the pointer is empty.
   */
  DecodeException(String pointer, String problem, String location) {
    super(
        (pointer.isEmpty() ? "" : "at " + pointer + ": ") + problem + location, null, false, false);
    this.pointer = pointer;
    this.problem = problem;
  }

  /** The same problem at the same place, without a line and column. */
  DecodeException withoutLocation() {
    return pointer == null ? this : new DecodeException(pointer, problem, "");
  }

  /**
   * The same problem at the same place within a value that the caller has found at {@code prefix},
   * without a line and column: the pointer's first step, which numbered the value in the input the
   * decoder read, becomes {@code prefix}.
   */
  DecodeException within(String prefix) {
    if (pointer == null) {
      return new DecodeException(prefix, problem, "");
    }
    int second = pointer.indexOf('/', 1);
    return new DecodeException(prefix + (second < 0 ? "" : pointer.substring(second)), problem, "");
  }
}
