package dev.polarflux.model;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A request to validate a license key ({@code LicenseKeyValidate}). Start from {@link #of(String,
 * UUID)} and add what the validation should check.
 *
 * <p>With {@link #incrementUsage(long)} the validation changes the key (its usage grows), so it is
 * not repeated after a failure that may have reached Polar; see {@link #changesState()}.
 *
 * @param key the license key as the customer holds it; never {@code null} or blank. {@link
 *     #toString()} never shows it.
 * @param organizationId the organization that issued the key; never {@code null}
 * @param activationId the activation that must exist (and whose conditions must match); nullable
 * @param benefitId the benefit the key must belong to; nullable
 * @param customerId the customer the key must belong to; nullable
 * @param incrementUsage how much usage this validation consumes, 0 or more; nullable (none)
 * @param conditions what the activation's conditions must equal; never {@code null}, at most 50
 */
public record LicenseKeyValidate(
    String key,
    UUID organizationId,
    UUID activationId,
    UUID benefitId,
    UUID customerId,
    Long incrementUsage,
    Map<String, MetadataValue> conditions) {

  /**
   * Checks every component as Polar does.
   *
   * @param key the license key; never {@code null} or blank
   * @param organizationId the organization; never {@code null}
   * @param activationId the activation; nullable
   * @param benefitId the benefit; nullable
   * @param customerId the customer; nullable
   * @param incrementUsage 0 or more; nullable
   * @param conditions at most 50 entries; never {@code null}
   */
  public LicenseKeyValidate {
    KeyValues.key(key);
    Objects.requireNonNull(organizationId, "organizationId");
    if (incrementUsage != null && incrementUsage < 0) {
      throw new IllegalArgumentException(
          "incrementUsage must not be negative, was: " + incrementUsage);
    }
    conditions = KeyValues.checked(conditions, "conditions");
  }

  /**
   * Returns a request that validates {@code key} for {@code organizationId} and checks nothing
   * else.
   *
   * @param key the license key; never {@code null} or blank
   * @param organizationId the organization that issued it
   * @return the request
   */
  public static LicenseKeyValidate of(String key, UUID organizationId) {
    return new LicenseKeyValidate(key, organizationId, null, null, null, null, Map.of());
  }

  /**
   * Returns a copy that also requires the activation {@code activationId}.
   *
   * @param activationId the activation; nullable
   * @return the copy
   */
  public LicenseKeyValidate activationId(UUID activationId) {
    return new LicenseKeyValidate(
        key, organizationId, activationId, benefitId, customerId, incrementUsage, conditions);
  }

  /**
   * Returns a copy that also requires the benefit {@code benefitId}.
   *
   * @param benefitId the benefit; nullable
   * @return the copy
   */
  public LicenseKeyValidate benefitId(UUID benefitId) {
    return new LicenseKeyValidate(
        key, organizationId, activationId, benefitId, customerId, incrementUsage, conditions);
  }

  /**
   * Returns a copy that also requires the customer {@code customerId}.
   *
   * @param customerId the customer; nullable
   * @return the copy
   */
  public LicenseKeyValidate customerId(UUID customerId) {
    return new LicenseKeyValidate(
        key, organizationId, activationId, benefitId, customerId, incrementUsage, conditions);
  }

  /**
   * Returns a copy that consumes {@code usage} of the key's usage.
   *
   * @param usage 0 or more
   * @return the copy
   */
  public LicenseKeyValidate incrementUsage(long usage) {
    return new LicenseKeyValidate(
        key, organizationId, activationId, benefitId, customerId, usage, conditions);
  }

  /**
   * Returns a copy whose activation's conditions must equal {@code conditions}.
   *
   * @param conditions at most 50 entries
   * @return the copy
   */
  public LicenseKeyValidate conditions(Map<String, MetadataValue> conditions) {
    return new LicenseKeyValidate(
        key, organizationId, activationId, benefitId, customerId, incrementUsage, conditions);
  }

  /**
   * Tells whether this validation changes the key beyond its validation count: it consumes usage.
   * Such a validation is retried only when it surely did not reach Polar.
   *
   * @return {@code true} with a positive {@link #incrementUsage()}
   */
  public boolean changesState() {
    return incrementUsage != null && incrementUsage > 0;
  }

  /** Describes the request; the key is never shown. */
  @Override
  public String toString() {
    return "LicenseKeyValidate[organizationId="
        + organizationId
        + (activationId == null ? "" : ", activationId=" + activationId)
        + (benefitId == null ? "" : ", benefitId=" + benefitId)
        + (customerId == null ? "" : ", customerId=" + customerId)
        + (incrementUsage == null ? "" : ", incrementUsage=" + incrementUsage)
        + (conditions.isEmpty() ? "" : ", conditions=" + conditions.keySet())
        + "]";
  }
}
