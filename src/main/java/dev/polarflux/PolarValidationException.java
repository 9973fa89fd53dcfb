package dev.polarflux;

import java.util.List;

/** Polar answered 422: it rejected a parameter. {@link #errors()} lists what and why. */
public final class PolarValidationException extends PolarNonTransientException {

  private static final long serialVersionUID = 1L;

  private final transient List<ValidationError> errors;

  PolarValidationException(String message, int page, List<ValidationError> errors) {
    super(message, page, 422, null);
    this.errors = List.copyOf(errors);
  }

  /**
   * Returns the parsed {@code detail} list.
   *
   * @return the validation errors, possibly empty
   */
  public List<ValidationError> errors() {
    return errors;
  }
}
