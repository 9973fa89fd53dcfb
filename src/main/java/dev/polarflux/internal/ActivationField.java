package dev.polarflux.internal;

import static dev.polarflux.internal.Field.Kind.COMPOSITE;
import static dev.polarflux.internal.Field.Kind.STRING;
import static dev.polarflux.internal.Field.Kind.TIMESTAMP;
import static dev.polarflux.internal.Field.Kind.UUID;
import static dev.polarflux.internal.Field.Presence.NULLABLE;
import static dev.polarflux.internal.Field.Presence.REQUIRED;

import dev.polarflux.model.LicenseKeyActivation;

/** The fields of Polar's {@code LicenseKeyActivationBase}, in the order Polar writes them. */
public enum ActivationField {
  /** {@code id}: a UUID, required. */
  ID(new Field<>("id", UUID, REQUIRED, LicenseKeyActivation::id)),
  /** {@code license_key_id}: a UUID, required. */
  LICENSE_KEY_ID(new Field<>("license_key_id", UUID, REQUIRED, LicenseKeyActivation::licenseKeyId)),
  /** {@code label}: a string, required. */
  LABEL(new Field<>("label", STRING, REQUIRED, LicenseKeyActivation::label)),
  /** {@code meta}: an object of strings, numbers and booleans, required. */
  META(new Field<>("meta", COMPOSITE, REQUIRED, LicenseKeyActivation::meta)),
  /** {@code created_at}: a timestamp, required. */
  CREATED_AT(new Field<>("created_at", TIMESTAMP, REQUIRED, LicenseKeyActivation::createdAt)),
  /** {@code modified_at}: a timestamp, nullable. */
  MODIFIED_AT(new Field<>("modified_at", TIMESTAMP, NULLABLE, LicenseKeyActivation::modifiedAt));

  private final Field<LicenseKeyActivation> field;

  ActivationField(Field<LicenseKeyActivation> field) {
    this.field = field;
  }

  /**
   * Returns the field's description.
   *
   * @return the field
   */
  public Field<LicenseKeyActivation> field() {
    return field;
  }
}
