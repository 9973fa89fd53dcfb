/**
 * Records for Polar's {@code LicenseKeyRead} and the types nested in it, field for field as Polar's
 * OpenAPI description {@code 2026-04} declares them.
 *
 * <p>Names are Java's in code and Polar's snake_case on the wire (the records carry Jackson
 * annotations, so an application's own {@code ObjectMapper}, Spring's included, writes them back in
 * Polar's shape). A component documented as <em>nullable</em> is {@code null} when Polar sends
 * {@code null} or, for fields that older Polar servers did not send, when the field is absent.
 *
 * <p>Enumerations that Polar extends over time ({@link dev.polarflux.model.LicenseKeyStatus},
 * {@link dev.polarflux.model.CustomerType}, {@link dev.polarflux.model.CountryCode}, {@link
 * dev.polarflux.model.TaxIdFormat}) are <em>open</em>: an unknown value decodes, keeps its text and
 * reports {@code isKnown() == false}.
 */
package dev.polarflux.model;
