package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.UUID;

/**
 * The deprecated {@code user} object that Polar still sends beside each license key, although its
 * OpenAPI description no longer declares it. Prefer {@link LicenseKeyRead#customer()}.
 *
 * @param id the user id; never {@code null}
 * @param email the email address; nullable
 * @param publicName the public name; never {@code null}
 * @param avatarUrl the avatar URL; nullable
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LicenseKeyUser(
    @JsonProperty("id") UUID id,
    @JsonProperty("email") String email,
    @JsonProperty("public_name") String publicName,
    @JsonProperty("avatar_url") String avatarUrl) {

  /**
   * Checks the required components.
   *
   * @param id the user id; never {@code null}
   * @param email the email address; nullable
   * @param publicName the public name; never {@code null}
   * @param avatarUrl the avatar URL; nullable
   */
  public LicenseKeyUser {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(publicName, "publicName");
  }
}
