package dev.polarflux.model;

import java.util.Objects;
import java.util.UUID;

/**
 * A request to deactivate one activation of a license key ({@code LicenseKeyDeactivate}), freeing
 * its slot.
 *
 * @param key the license key as the customer holds it; never {@code null} or blank. {@link
 *     #toString()} never shows it.
 * @param organizationId the organization that issued the key; never {@code null}
 * @param activationId the activation to end; never {@code null}
 */
public record LicenseKeyDeactivate(String key, UUID organizationId, UUID activationId) {

  /**
   * Checks every component.
   *
   * @param key the license key; never {@code null} or blank
   * @param organizationId the organization; never {@code null}
   * @param activationId the activation; never {@code null}
   */
  public LicenseKeyDeactivate {
    KeyValues.key(key);
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(activationId, "activationId");
  }

  /** Describes the request; the key is never shown. */
  @Override
  public String toString() {
    return "LicenseKeyDeactivate[organizationId="
        + organizationId
        + ", activationId="
        + activationId
        + "]";
  }
}
