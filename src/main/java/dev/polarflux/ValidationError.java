package dev.polarflux;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a 422 response's {@code detail} list.
 *
 * @param type the error type, such as {@code greater_than} or {@code uuid_parsing}
 * @param location where the rejected value was, such as {@code [query, page]}
 * @param message the human-readable message
 * @param input the rejected input as text, or {@code null}
 */
public record ValidationError(String type, List<String> location, String message, String input) {

  /**
   * Checks and copies the components.
   *
   * @param type the error type, such as {@code greater_than} or {@code uuid_parsing}
   * @param location where the rejected value was, such as {@code [query, page]}
   * @param message the human-readable message
   * @param input the rejected input as text, or {@code null}
   */
  public ValidationError {
    Objects.requireNonNull(type, "type");
    location = List.copyOf(location);
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return String.join(".", location) + ": " + message + " [" + type + "]";
  }
}
