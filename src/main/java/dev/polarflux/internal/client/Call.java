package dev.polarflux.internal.client;

import java.util.Objects;

/**
 * One request of a single-key operation, as the transport sends it.
 *
 * @param method {@code GET}, {@code POST} or {@code PATCH}
 * @param path the path and query, already encoded, starting with {@code /v1/}
 * @param body the JSON body, or {@code null} for none
 * @param anonymous whether the request goes without a token (the customer portal's key operations)
 * @param licenseKey the license key the body carries, a customer's credential that no error may
 *     quote; {@code null} for none
 */
public record Call(String method, String path, byte[] body, boolean anonymous, String licenseKey) {
  public Call {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
  }

  /** A call whose body holds no license key. */
  public Call(String method, String path, byte[] body, boolean anonymous) {
    this(method, path, body, anonymous, null);
  }

  /** Leaves the body out: it may hold a license key. */
  @Override
  public String toString() {
    return "Call[" + method + " " + path + (anonymous ? ", anonymous" : "") + "]";
  }
}
