/**
 * The {@code polarflux} command line: list license keys from any Polar-compatible server as NDJSON,
 * run the embedded test server, or run the demo that does both.
 */
package dev.polarflux.cli;
