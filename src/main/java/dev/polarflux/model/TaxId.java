package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * A customer's tax id: the value and its format. On the wire it is the two-element array {@code
 * ["911144442", "us_ein"]}.
 *
 * @param value the tax id as the customer entered it; never {@code null}
 * @param format its format; never {@code null}
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"value", "format"})
public record TaxId(String value, TaxIdFormat format) {

  /**
   * Checks that both parts are present.
   *
   * @param value the tax id as the customer entered it; never {@code null}
   * @param format its format; never {@code null}
   */
  public TaxId {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(format, "format");
  }
}
