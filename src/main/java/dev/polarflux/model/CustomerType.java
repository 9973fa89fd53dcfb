package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * The type of a customer: {@code individual} for single users, {@code team} for customers with
 * several members.
 *
 * <p>Open: an unknown type decodes, keeps its text and reports {@link #isKnown()} {@code false}.
 *
 * @param value the type exactly as Polar spells it
 */
public record CustomerType(@JsonValue String value) {

  /** A single user. */
  public static final CustomerType INDIVIDUAL = new CustomerType("individual");

  /** A customer with several members. */
  public static final CustomerType TEAM = new CustomerType("team");

  private static final OpenValues<CustomerType> KNOWN =
      new OpenValues<>(CustomerType::new, "individual", "team")
          .interning(CustomerType::value, INDIVIDUAL, TEAM);

  /**
   * Creates a customer type.
   *
   * @param value the type text; never {@code null}
   */
  public CustomerType {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Returns the type for a text, the shared constant when the text is a known type.
   *
   * @param value the type text; never {@code null}
   * @return the customer type
   */
  @JsonCreator
  public static CustomerType of(String value) {
    return KNOWN.of(value);
  }

  /**
   * Tells whether this polarflux version knows the type.
   *
   * @return {@code true} for {@code individual} and {@code team}
   */
  public boolean isKnown() {
    return KNOWN.isKnown(value);
  }

  /**
   * Returns every value this polarflux version knows, the shared instances {@link #of} returns.
   *
   * @return the known values, unmodifiable
   */
  public static java.util.Collection<CustomerType> known() {
    return KNOWN.values();
  }

  @Override
  public String toString() {
    return value;
  }
}
