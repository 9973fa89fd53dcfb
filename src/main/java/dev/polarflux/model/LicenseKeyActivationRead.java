package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Objects;

/**
 * An activation with the key it belongs to ({@code LicenseKeyActivationRead}): what activating a
 * key and getting one activation answer. Polar sends the activation's fields and a {@code
 * license_key} object side by side; serialized with Jackson, this record has the same shape.
 *
 * @param activation the activation; never {@code null}
 * @param licenseKey the key, as it is after the activation; never {@code null}
 */
public record LicenseKeyActivationRead(
    @JsonUnwrapped LicenseKeyActivation activation,
    @JsonProperty("license_key") LicenseKeyRead licenseKey) {

  /**
   * Checks the components.
   *
   * @param activation the activation; never {@code null}
   * @param licenseKey the key; never {@code null}
   */
  public LicenseKeyActivationRead {
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(licenseKey, "licenseKey");
  }
}
