/**
 * Spring Boot support: the auto-configured {@link dev.polarflux.PolarClient} and its {@code
 * polarflux.*} properties ({@link dev.polarflux.spring.PolarProperties}), Polar's errors as RFC
 * 9457 problem details ({@link dev.polarflux.spring.PolarProblemDetails}), and the lifecycle that
 * closes clients and {@link dev.polarflux.testserver.PolarTestServer test servers} cleanly ({@link
 * dev.polarflux.spring.PolarLifecycle}).
 *
 * <p>Spring Boot is an optional dependency of polarflux: only this package needs {@code
 * spring-boot-autoconfigure} (and {@code spring-web} for the problem details, Micrometer for the
 * meters, {@code spring-boot-actuator} for masking the token in its endpoints, each used only when
 * present); the rest of the library loads no Spring type.
 */
package dev.polarflux.spring;
