package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.UUID;

/**
 * A license key as Polar's customer portal lists it ({@code LicenseKeyRead}).
 *
 * <p>All sixteen fields of Polar's schema are here; {@link #userId()} and {@link #user()} are the
 * deprecated extras that Polar still sends and its schema no longer declares.
 *
 * @param id the key's id; never {@code null}
 * @param createdAt when the key was created; never {@code null}. Listings are ordered by it.
 * @param modifiedAt when the key was last modified; nullable
 * @param organizationId the organization that issued the key; never {@code null}
 * @param customerId the customer's id; never {@code null}
 * @param customer the customer; never {@code null}
 * @param benefitId the benefit that granted the key; never {@code null}
 * @param key the license key itself; never {@code null}. It is a credential of the customer's:
 *     treat it with care.
 * @param displayKey the key shortened for display; never {@code null}
 * @param status granted, revoked or disabled; never {@code null}
 * @param limitActivations how many activations the key allows; nullable (no limit)
 * @param usage how much of the key's usage was consumed
 * @param limitUsage how much usage the key allows; nullable (no limit)
 * @param validations how many times the key was validated
 * @param lastValidatedAt when the key was last validated; nullable
 * @param expiresAt when the key expires; nullable (never)
 * @param userId deprecated: the user id Polar still sends; nullable, absent from the schema
 * @param user deprecated: the user object Polar still sends; nullable, absent from the schema
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LicenseKeyRead(
    @JsonProperty("id") UUID id,
    @JsonProperty("created_at") PolarTimestamp createdAt,
    @JsonProperty("modified_at") PolarTimestamp modifiedAt,
    @JsonProperty("organization_id") UUID organizationId,
    @JsonProperty("customer_id") UUID customerId,
    @JsonProperty("customer") LicenseKeyCustomer customer,
    @JsonProperty("benefit_id") UUID benefitId,
    @JsonProperty("key") String key,
    @JsonProperty("display_key") String displayKey,
    @JsonProperty("status") LicenseKeyStatus status,
    @JsonProperty("limit_activations") Long limitActivations,
    @JsonProperty("usage") long usage,
    @JsonProperty("limit_usage") Long limitUsage,
    @JsonProperty("validations") long validations,
    @JsonProperty("last_validated_at") PolarTimestamp lastValidatedAt,
    @JsonProperty("expires_at") PolarTimestamp expiresAt,
    @JsonProperty("user_id") @JsonInclude(JsonInclude.Include.NON_NULL) UUID userId,
    @JsonProperty("user") @JsonInclude(JsonInclude.Include.NON_NULL) LicenseKeyUser user) {

  /**
   * Checks the required components.
   *
   * @param id the key's id; never {@code null}
   * @param createdAt when the key was created; never {@code null}. Listings are ordered by it.
   * @param modifiedAt when the key was last modified; nullable
   * @param organizationId the organization that issued the key; never {@code null}
   * @param customerId the customer's id; never {@code null}
   * @param customer the customer; never {@code null}
   * @param benefitId the benefit that granted the key; never {@code null}
   * @param key the license key itself; never {@code null}. It is a credential of the customer's:
   *     treat it with care.
   * @param displayKey the key shortened for display; never {@code null}
   * @param status granted, revoked or disabled; never {@code null}
   * @param limitActivations how many activations the key allows; nullable (no limit)
   * @param usage how much of the key's usage was consumed
   * @param limitUsage how much usage the key allows; nullable (no limit)
   * @param validations how many times the key was validated
   * @param lastValidatedAt when the key was last validated; nullable
   * @param expiresAt when the key expires; nullable (never)
   * @param userId deprecated: the user id Polar still sends; nullable, absent from the schema
   * @param user deprecated: the user object Polar still sends; nullable, absent from the schema
   */
  public LicenseKeyRead {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(organizationId, "organizationId");
    Objects.requireNonNull(customerId, "customerId");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(benefitId, "benefitId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(displayKey, "displayKey");
    Objects.requireNonNull(status, "status");
  }

  /**
   * Returns a description that names the key by id and display key and leaves out the key itself.
   */
  @Override
  public String toString() {
    return "LicenseKeyRead[id="
        + id
        + ", displayKey="
        + displayKey
        + ", status="
        + status
        + ", customerId="
        + customerId
        + ", benefitId="
        + benefitId
        + ", createdAt="
        + createdAt
        + "]";
  }
}
