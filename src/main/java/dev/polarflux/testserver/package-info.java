/**
 * An embedded, Polar-compatible HTTP server for tests, with a deterministic dataset generator and
 * scripted fault injection.
 *
 * <p>{@link dev.polarflux.testserver.PolarTestServer} answers Polar's license-key operations the
 * way Polar's API does: the customer-portal and organisation listings (paging, limit clamping,
 * filters, 401, 404 and 422 bodies, {@code Polar-Version} handling), reading one key or activation,
 * updating a key, and validating, activating and deactivating keys with Polar's checks and its
 * state changes, serving the keys of a {@link dev.polarflux.testserver.LicenseKeyDataset} of one or
 * many organisations and customers, each with its own token. A {@link
 * dev.polarflux.testserver.FaultPlan} injects the failures a real network and Polar's proxies
 * produce: 5xx and 429 answers, HTML error pages, delays, connection resets, truncated and slow
 * bodies. Every request is logged as a {@link dev.polarflux.testserver.RecordedRequest}, with the
 * {@code Authorization} value redacted.
 *
 * <pre>{@code
 * LicenseKeyDataset dataset = LicenseKeyDataset.generate(250, 42L);
 * try (PolarTestServer server = PolarTestServer.start(dataset)) {
 *   server.faults().onPage(2, Fault.rateLimited("1"));
 *   // point the client at server.baseUrl() with server.token()
 * }
 * }</pre>
 */
package dev.polarflux.testserver;
