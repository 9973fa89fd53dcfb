package dev.polarflux.internal;

import static dev.polarflux.internal.Field.Kind.BOOLEAN;
import static dev.polarflux.internal.Field.Kind.COMPOSITE;
import static dev.polarflux.internal.Field.Kind.ENUM;
import static dev.polarflux.internal.Field.Kind.STRING;
import static dev.polarflux.internal.Field.Kind.TIMESTAMP;
import static dev.polarflux.internal.Field.Kind.UUID;
import static dev.polarflux.internal.Field.Presence.NULLABLE;
import static dev.polarflux.internal.Field.Presence.OMITTED_WHEN_NULL;
import static dev.polarflux.internal.Field.Presence.REQUIRED;

import dev.polarflux.model.LicenseKeyCustomer;

/** The fields of Polar's {@code LicenseKeyCustomer}, in the order Polar writes them. */
public enum CustomerField {
  /** {@code id}: a UUID, required. */
  ID(new Field<>("id", UUID, REQUIRED, LicenseKeyCustomer::id)),
  /** {@code created_at}: a timestamp, required. */
  CREATED_AT(new Field<>("created_at", TIMESTAMP, REQUIRED, LicenseKeyCustomer::createdAt)),
  /** {@code modified_at}: a timestamp, nullable. */
  MODIFIED_AT(new Field<>("modified_at", TIMESTAMP, NULLABLE, LicenseKeyCustomer::modifiedAt)),
  /** {@code metadata}: an object, required. */
  METADATA(new Field<>("metadata", COMPOSITE, REQUIRED, LicenseKeyCustomer::metadata)),
  /** {@code external_id}: a string, nullable. */
  EXTERNAL_ID(new Field<>("external_id", STRING, NULLABLE, LicenseKeyCustomer::externalId)),
  /** {@code email}: a string, nullable. */
  EMAIL(new Field<>("email", STRING, NULLABLE, LicenseKeyCustomer::email)),
  /** {@code email_verified}: a boolean, required. */
  EMAIL_VERIFIED(
      new Field<>("email_verified", BOOLEAN, REQUIRED, LicenseKeyCustomer::emailVerified)),
  /** {@code type}: an open enumeration's value, optional. */
  TYPE(new Field<>("type", ENUM, OMITTED_WHEN_NULL, LicenseKeyCustomer::type)),
  /** {@code name}: a string, nullable. */
  NAME(new Field<>("name", STRING, NULLABLE, LicenseKeyCustomer::name)),
  /** {@code billing_name}: a string, nullable. */
  BILLING_NAME(new Field<>("billing_name", STRING, NULLABLE, LicenseKeyCustomer::billingName)),
  /** {@code billing_address}: an object, nullable. */
  BILLING_ADDRESS(
      new Field<>("billing_address", COMPOSITE, NULLABLE, LicenseKeyCustomer::billingAddress)),
  /** {@code tax_id}: an object, nullable. */
  TAX_ID(new Field<>("tax_id", COMPOSITE, NULLABLE, LicenseKeyCustomer::taxId)),
  /** {@code locale}: a string, nullable. */
  LOCALE(new Field<>("locale", STRING, NULLABLE, LicenseKeyCustomer::locale)),
  /** {@code organization_id}: a UUID, required. */
  ORGANIZATION_ID(
      new Field<>("organization_id", UUID, REQUIRED, LicenseKeyCustomer::organizationId)),
  /** {@code default_payment_method_id}: a UUID, nullable. */
  DEFAULT_PAYMENT_METHOD_ID(
      new Field<>(
          "default_payment_method_id", UUID, NULLABLE, LicenseKeyCustomer::defaultPaymentMethodId)),
  /** {@code deleted_at}: a timestamp, nullable. */
  DELETED_AT(new Field<>("deleted_at", TIMESTAMP, NULLABLE, LicenseKeyCustomer::deletedAt)),
  /** {@code first_user_event_at}: a timestamp, nullable. */
  FIRST_USER_EVENT_AT(
      new Field<>(
          "first_user_event_at", TIMESTAMP, NULLABLE, LicenseKeyCustomer::firstUserEventAt)),
  /** {@code avatar_url}: a string, nullable. */
  AVATAR_URL(new Field<>("avatar_url", STRING, NULLABLE, LicenseKeyCustomer::avatarUrl));

  private final Field<LicenseKeyCustomer> field;

  CustomerField(Field<LicenseKeyCustomer> field) {
    this.field = field;
  }

  /**
   * Returns the field's description.
   *
   * @return the field
   */
  public Field<LicenseKeyCustomer> field() {
    return field;
  }
}
