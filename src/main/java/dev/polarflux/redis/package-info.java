/**
 * A rate budget shared through Redis by every replica that uses one Polar token.
 *
 * <p>Lettuce ({@code io.lettuce:lettuce-core}) is an optional dependency of polarflux: only this
 * package needs it on the class path; the rest of the library loads no Lettuce type.
 */
package dev.polarflux.redis;
