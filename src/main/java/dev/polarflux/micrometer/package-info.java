/**
 * Micrometer metrics and observations for polarflux, for applications that have Micrometer.
 *
 * <p>Micrometer is an optional dependency of polarflux: only this package, and {@link
 * dev.polarflux.PolarClient#metrics(boolean)} when it is enabled, need {@code
 * io.micrometer:micrometer-core} on the class path; the rest of the library loads no Micrometer
 * type.
 */
package dev.polarflux.micrometer;
