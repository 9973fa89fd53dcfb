package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One activation of a license key ({@code LicenseKeyActivationBase}): a device or an installation
 * that holds one of the key's {@link LicenseKeyRead#limitActivations()} slots.
 *
 * @param id the activation's id; never {@code null}
 * @param licenseKeyId the key it belongs to; never {@code null}
 * @param label the label given when activating; never {@code null}
 * @param meta what the activating application stored with it; never {@code null}, may be empty
 * @param createdAt when the key was activated; never {@code null}
 * @param modifiedAt when the activation was last modified; nullable
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LicenseKeyActivation(
    @JsonProperty("id") UUID id,
    @JsonProperty("license_key_id") UUID licenseKeyId,
    @JsonProperty("label") String label,
    @JsonProperty("meta") Map<String, MetadataValue> meta,
    @JsonProperty("created_at") PolarTimestamp createdAt,
    @JsonProperty("modified_at") PolarTimestamp modifiedAt) {

  /**
   * Checks the required components and copies {@code meta}.
   *
   * @param id the activation's id; never {@code null}
   * @param licenseKeyId the key it belongs to; never {@code null}
   * @param label the label given when activating; never {@code null}
   * @param meta what the activating application stored with it; never {@code null}
   * @param createdAt when the key was activated; never {@code null}
   * @param modifiedAt when the activation was last modified; nullable
   */
  public LicenseKeyActivation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(licenseKeyId, "licenseKeyId");
    Objects.requireNonNull(label, "label");
    meta = MetadataMaps.frozen(meta, "meta");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
