package dev.polarflux;

import java.util.Objects;

/**
 * One request of a single-key operation, as the transport sends it.
 *
 * @param method {@code GET}, {@code POST} or {@code PATCH}
 * @param path the path and query, already encoded, starting with {@code /v1/}
 * @param body the JSON body, or {@code null} for none
 * @param anonymous whether the request goes without a token (the customer portal's key operations)
 */
record Call(String method, String path, byte[] body, boolean anonymous) {
  Call {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
  }
}
