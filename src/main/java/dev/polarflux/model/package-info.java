/**
 * Records for Polar's {@code LicenseKeyRead} and the types nested in it, field for field as Polar's
 * OpenAPI description {@code 2026-04} declares them.
 *
 * <p>Names are Java's in code and Polar's snake_case on the wire. The records carry only {@code
 * jackson-annotations}, which Jackson 2 and Jackson 3 databind both read, so an application's own
 * mapper binds them with no module and no configuration (Jackson 3's default {@code JsonMapper}, as
 * Spring Boot 4 builds it, or Jackson 2's plain {@code ObjectMapper}) and writes each key back byte
 * for byte as Polar sent it. A component documented as <em>nullable</em> is {@code null} when Polar
 * sends {@code null} or, for fields that older Polar servers did not send, when the field is
 * absent.
 *
 * <p>Timestamps are {@link dev.polarflux.model.PolarTimestamp}s rather than {@code java.time}
 * values: Polar writes six fraction digits ({@code 2024-03-11T21:16:32.185200Z}, none when the
 * microseconds are zero), and a {@code java.time} value written back by Jackson drops the trailing
 * zeros ({@code 2024-03-11T21:16:32.1852Z}) and needs a time module in Jackson 2. A {@code
 * PolarTimestamp} keeps Polar's text for JSON and offers {@code toInstant()} and {@code
 * toOffsetDateTime()}; {@code @JsonFormat} on a {@code java.time} field could not reproduce a
 * timestamp without a fraction, nor one with fewer digits.
 *
 * <p>Enumerations that Polar extends over time ({@link dev.polarflux.model.LicenseKeyStatus},
 * {@link dev.polarflux.model.CustomerType}, {@link dev.polarflux.model.CountryCode}, {@link
 * dev.polarflux.model.TaxIdFormat}) are <em>open</em>: an unknown value decodes, keeps its text and
 * reports {@code isKnown() == false}.
 */
package dev.polarflux.model;
