package dev.polarflux.model;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to activate a license key ({@code LicenseKeyActivate}): takes one of the key's
 * activation slots. Not repeated after a failure that may have reached Polar, since that could take
 * a second slot.
 *
 * @param key the license key as the customer holds it; never {@code null} or blank. {@link
 *     #toString()} never shows it.
 * @param organizationId the organization that issued the key; never {@code null}
 * @param label a name for the activation (a device, an installation); never {@code null}
 * @param conditions what later validations naming this activation must match; never {@code null},
 *     at most 50
 * @param meta what to store with the activation; never {@code null}, at most 50
 */
public record LicenseKeyActivate(
    String key,
    UUID organizationId,
    String label,
    Map<String, MetadataValue> conditions,
    Map<String, MetadataValue> meta) {

  /**
   * Checks every component as Polar does.
   *
   * @param key the license key; never {@code null} or blank
   * @param organizationId the organization; never {@code null}
   * @param label the activation's name; never {@code null}
   * @param conditions at most 50 entries; never {@code null}
   * @param meta at most 50 entries; never {@code null}
   */
  public LicenseKeyActivate {
    KeyValues.key(key);
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(label, "label");
    conditions = KeyValues.checked(conditions, "conditions");
    meta = KeyValues.checked(meta, "meta");
  }

  /**
   * Returns a request that activates {@code key} under {@code label}, without conditions or meta.
   *
   * @param key the license key; never {@code null} or blank
   * @param organizationId the organization that issued it
   * @param label the activation's name
   * @return the request
   */
  public static LicenseKeyActivate of(String key, UUID organizationId, String label) {
    return new LicenseKeyActivate(key, organizationId, label, Map.of(), Map.of());
  }

  /**
   * Returns a copy with {@code conditions}.
   *
   * @param conditions at most 50 entries
   * @return the copy
   */
  public LicenseKeyActivate conditions(Map<String, MetadataValue> conditions) {
    return new LicenseKeyActivate(key, organizationId, label, conditions, meta);
  }

  /**
   * Returns a copy with {@code meta}.
   *
   * @param meta at most 50 entries
   * @return the copy
   */
  public LicenseKeyActivate meta(Map<String, MetadataValue> meta) {
    return new LicenseKeyActivate(key, organizationId, label, conditions, meta);
  }

  /** Describes the request; the key is never shown. */
  @Override
  public String toString() {
    return "LicenseKeyActivate[organizationId="
        + organizationId
        + ", label="
        + label
        + (conditions.isEmpty() ? "" : ", conditions=" + conditions.keySet())
        + (meta.isEmpty() ? "" : ", meta=" + meta.keySet())
        + "]";
  }
}
