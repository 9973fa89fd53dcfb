package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * A billing address.
 *
 * @param line1 first address line; nullable
 * @param line2 second address line; nullable
 * @param postalCode postal code; nullable
 * @param city city; nullable
 * @param state state or region; nullable
 * @param country the country; never {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Address(
    @JsonProperty("line1") String line1,
    @JsonProperty("line2") String line2,
    @JsonProperty("postal_code") String postalCode,
    @JsonProperty("city") String city,
    @JsonProperty("state") String state,
    @JsonProperty("country") CountryCode country) {

  /**
   * Checks that the country is present.
   *
   * @param line1 first address line; nullable
   * @param line2 second address line; nullable
   * @param postalCode postal code; nullable
   * @param city city; nullable
   * @param state state or region; nullable
   * @param country the country; never {@code null}
   */
  public Address {
    Objects.requireNonNull(country, "country");
  }
}
