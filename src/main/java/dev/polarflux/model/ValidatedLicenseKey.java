package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Objects;

/**
 * What a successful validation answers ({@code ValidatedLicenseKey}): the key, and the activation
 * the validation named. Polar sends the key's fields and an {@code activation} in one object;
 * serialized with Jackson, this record has the same shape.
 *
 * <p>Polar answers with the key as it was read before the validation counted: {@link
 * LicenseKeyRead#modifiedAt()} is the earlier one, while {@code validations}, {@code usage} and
 * {@code last_validated_at} already include this validation.
 *
 * @param licenseKey the key; never {@code null}
 * @param activation the activation named by the request's {@code activation_id}; {@code null} when
 *     it named none
 */
public record ValidatedLicenseKey(
    @JsonUnwrapped LicenseKeyRead licenseKey,
    @JsonProperty("activation") LicenseKeyActivation activation) {

  /**
   * Checks the components.
   *
   * @param licenseKey the key; never {@code null}
   * @param activation the activation; nullable
   */
  public ValidatedLicenseKey {
    Objects.requireNonNull(licenseKey, "licenseKey");
  }
}
