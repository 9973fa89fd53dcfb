package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import java.util.Objects;

/**
 * A license key with its activations ({@code LicenseKeyWithActivations}): what getting one key
 * answers. Polar sends the key's fields and an {@code activations} array in one object; serialized
 * with Jackson, this record has the same shape.
 *
 * @param licenseKey the key; never {@code null}
 * @param activations its active activations; never {@code null}. The customer portal leaves it
 *     empty unless the key's benefit lets customers manage activations.
 */
public record LicenseKeyWithActivations(
    @JsonUnwrapped LicenseKeyRead licenseKey,
    @JsonProperty("activations") List<LicenseKeyActivation> activations) {

  /**
   * Checks the components and copies {@code activations}.
   *
   * @param licenseKey the key; never {@code null}
   * @param activations its activations; never {@code null}
   */
  public LicenseKeyWithActivations {
    Objects.requireNonNull(licenseKey, "licenseKey");
    activations = List.copyOf(Objects.requireNonNull(activations, "activations"));
  }
}
