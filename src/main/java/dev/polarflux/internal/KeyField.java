package dev.polarflux.internal;

import static dev.polarflux.internal.Field.Kind.COMPOSITE;
import static dev.polarflux.internal.Field.Kind.ENUM;
import static dev.polarflux.internal.Field.Kind.INTEGER;
import static dev.polarflux.internal.Field.Kind.STRING;
import static dev.polarflux.internal.Field.Kind.TIMESTAMP;
import static dev.polarflux.internal.Field.Kind.UUID;
import static dev.polarflux.internal.Field.Presence.NULLABLE;
import static dev.polarflux.internal.Field.Presence.OMITTED_WHEN_NULL;
import static dev.polarflux.internal.Field.Presence.REQUIRED;

import dev.polarflux.model.LicenseKeyRead;

/** The fields of Polar's {@code LicenseKeyRead}, in the order Polar writes them. */
public enum KeyField {
  /** {@code id}: a UUID, required. */
  ID(new Field<>("id", UUID, REQUIRED, LicenseKeyRead::id)),
  /** {@code created_at}: a timestamp, required. */
  CREATED_AT(new Field<>("created_at", TIMESTAMP, REQUIRED, LicenseKeyRead::createdAt)),
  /** {@code modified_at}: a timestamp, nullable. */
  MODIFIED_AT(new Field<>("modified_at", TIMESTAMP, NULLABLE, LicenseKeyRead::modifiedAt)),
  /** {@code organization_id}: a UUID, required. */
  ORGANIZATION_ID(new Field<>("organization_id", UUID, REQUIRED, LicenseKeyRead::organizationId)),
  /** {@code customer_id}: a UUID, required. */
  CUSTOMER_ID(new Field<>("customer_id", UUID, REQUIRED, LicenseKeyRead::customerId)),
  /** {@code customer}: an object, required. */
  CUSTOMER(new Field<>("customer", COMPOSITE, REQUIRED, LicenseKeyRead::customer)),
  /** {@code benefit_id}: a UUID, required. */
  BENEFIT_ID(new Field<>("benefit_id", UUID, REQUIRED, LicenseKeyRead::benefitId)),
  /** {@code key}: a string, required. */
  KEY(new Field<>("key", STRING, REQUIRED, LicenseKeyRead::key)),
  /** {@code display_key}: a string, required. */
  DISPLAY_KEY(new Field<>("display_key", STRING, REQUIRED, LicenseKeyRead::displayKey)),
  /** {@code status}: an open enumeration's value, required. */
  STATUS(new Field<>("status", ENUM, REQUIRED, LicenseKeyRead::status)),
  /** {@code limit_activations}: an integer, nullable. */
  LIMIT_ACTIVATIONS(
      new Field<>("limit_activations", INTEGER, NULLABLE, LicenseKeyRead::limitActivations)),
  /** {@code usage}: an integer, required. */
  USAGE(new Field<>("usage", INTEGER, REQUIRED, LicenseKeyRead::usage)),
  /** {@code limit_usage}: an integer, nullable. */
  LIMIT_USAGE(new Field<>("limit_usage", INTEGER, NULLABLE, LicenseKeyRead::limitUsage)),
  /** {@code validations}: an integer, required. */
  VALIDATIONS(new Field<>("validations", INTEGER, REQUIRED, LicenseKeyRead::validations)),
  /** {@code last_validated_at}: a timestamp, nullable. */
  LAST_VALIDATED_AT(
      new Field<>("last_validated_at", TIMESTAMP, NULLABLE, LicenseKeyRead::lastValidatedAt)),
  /** {@code expires_at}: a timestamp, nullable. */
  EXPIRES_AT(new Field<>("expires_at", TIMESTAMP, NULLABLE, LicenseKeyRead::expiresAt)),
  /** {@code user_id}: a UUID, optional; deprecated by Polar, still sent. */
  USER_ID(new Field<>("user_id", UUID, OMITTED_WHEN_NULL, LicenseKeyRead::userId)),
  /** {@code user}: an object, optional; deprecated by Polar, still sent. */
  USER(new Field<>("user", COMPOSITE, OMITTED_WHEN_NULL, LicenseKeyRead::user));

  private final Field<LicenseKeyRead> field;

  KeyField(Field<LicenseKeyRead> field) {
    this.field = field;
  }

  /**
   * Returns the field's description.
   *
   * @return the field
   */
  public Field<LicenseKeyRead> field() {
    return field;
  }
}
