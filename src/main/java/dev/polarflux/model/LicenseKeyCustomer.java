package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The customer a license key belongs to ({@code LicenseKeyCustomer}).
 *
 * <p>Older Polar servers did not send {@code type}, {@code billing_name}, {@code locale}, {@code
 * default_payment_method_id} and {@code first_user_event_at}: those decode to {@code null} when
 * absent.
 *
 * @param id the customer id; never {@code null}
 * @param createdAt when the customer was created; never {@code null}
 * @param modifiedAt when the customer was last modified; nullable
 * @param metadata the seller's metadata, in the order Polar sent it; never {@code null},
 *     unmodifiable
 * @param externalId the customer's id in the seller's system; nullable
 * @param email the email address; nullable
 * @param emailVerified whether the email address is verified
 * @param type individual or team; nullable only for responses of older servers
 * @param name the name; nullable
 * @param billingName the name on invoices; nullable
 * @param billingAddress the billing address; nullable
 * @param taxId the tax id and its format; nullable
 * @param locale the customer's locale; nullable
 * @param organizationId the organization owning the customer; never {@code null}
 * @param defaultPaymentMethodId the default payment method; nullable
 * @param deletedAt when the customer was soft-deleted; nullable
 * @param firstUserEventAt when the first event was ingested for this customer; nullable
 * @param avatarUrl the avatar URL; nullable
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LicenseKeyCustomer(
    @JsonProperty("id") UUID id,
    @JsonProperty("created_at") PolarTimestamp createdAt,
    @JsonProperty("modified_at") PolarTimestamp modifiedAt,
    @JsonProperty("metadata") Map<String, MetadataValue> metadata,
    @JsonProperty("external_id") String externalId,
    @JsonProperty("email") String email,
    @JsonProperty("email_verified") boolean emailVerified,
    @JsonProperty("type") CustomerType type,
    @JsonProperty("name") String name,
    @JsonProperty("billing_name") String billingName,
    @JsonProperty("billing_address") Address billingAddress,
    @JsonProperty("tax_id") TaxId taxId,
    @JsonProperty("locale") String locale,
    @JsonProperty("organization_id") UUID organizationId,
    @JsonProperty("default_payment_method_id") UUID defaultPaymentMethodId,
    @JsonProperty("deleted_at") PolarTimestamp deletedAt,
    @JsonProperty("first_user_event_at") PolarTimestamp firstUserEventAt,
    @JsonProperty("avatar_url") String avatarUrl) {

  /**
   * Checks the required components and freezes the metadata.
   *
   * @param id the customer id; never {@code null}
   * @param createdAt when the customer was created; never {@code null}
   * @param modifiedAt when the customer was last modified; nullable
   * @param metadata the seller's metadata, in the order Polar sent it; never {@code null},
   *     unmodifiable
   * @param externalId the customer's id in the seller's system; nullable
   * @param email the email address; nullable
   * @param emailVerified whether the email address is verified
   * @param type individual or team; nullable only for responses of older servers
   * @param name the name; nullable
   * @param billingName the name on invoices; nullable
   * @param billingAddress the billing address; nullable
   * @param taxId the tax id and its format; nullable
   * @param locale the customer's locale; nullable
   * @param organizationId the organization owning the customer; never {@code null}
   * @param defaultPaymentMethodId the default payment method; nullable
   * @param deletedAt when the customer was soft-deleted; nullable
   * @param firstUserEventAt when the first event was ingested for this customer; nullable
   * @param avatarUrl the avatar URL; nullable
   */
  public LicenseKeyCustomer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    metadata = MetadataMaps.frozen(metadata, "metadata");
    Objects.requireNonNull(organizationId, "organizationId");
  }
}
