package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * The status of a license key: {@code granted}, {@code revoked} or {@code disabled}. Revoked and
 * disabled keys are listed too.
 *
 * <p>Open: a status that a newer Polar introduces decodes to an instance whose {@link #isKnown()}
 * is {@code false} and whose {@link #value()} keeps the text Polar sent.
 *
 * @param value the status exactly as Polar spells it
 */
public record LicenseKeyStatus(@JsonValue String value) {

  /** The key is granted and usable. */
  public static final LicenseKeyStatus GRANTED = new LicenseKeyStatus("granted");

  /** The key was revoked, typically because its benefit was revoked. */
  public static final LicenseKeyStatus REVOKED = new LicenseKeyStatus("revoked");

  /** The key was disabled by the seller. */
  public static final LicenseKeyStatus DISABLED = new LicenseKeyStatus("disabled");

  private static final OpenValues<LicenseKeyStatus> KNOWN =
      new OpenValues<>(LicenseKeyStatus::new, "granted", "revoked", "disabled")
          .interning(LicenseKeyStatus::value, GRANTED, REVOKED, DISABLED);

  /**
   * Creates a status.
   *
   * @param value the status text; never {@code null}
   */
  public LicenseKeyStatus {
    Objects.requireNonNull(value, "value");
  }

  /**
   * Returns the status for a text, the shared constant when the text is a known status.
   *
   * @param value the status text; never {@code null}
   * @return the status
   */
  @JsonCreator
  public static LicenseKeyStatus of(String value) {
    return KNOWN.of(value);
  }

  /**
   * Tells whether this polarflux version knows the status.
   *
   * @return {@code true} for {@code granted}, {@code revoked} and {@code disabled}
   */
  public boolean isKnown() {
    return KNOWN.isKnown(value);
  }

  /**
   * Returns every value this polarflux version knows, the shared instances {@link #of} returns.
   *
   * @return the known values, unmodifiable
   */
  public static java.util.Collection<LicenseKeyStatus> known() {
    return KNOWN.values();
  }

  @Override
  public String toString() {
    return value;
  }
}
