package dev.polarflux;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What to list from the customer portal ({@code GET /v1/customer-portal/license-keys/}, a
 * customer's own keys): an immutable value; every setter-style method returns a copy. An
 * organization's keys are listed with an {@link OrganizationKeyQuery}.
 *
 * <pre>{@code
 * LicenseKeyQuery query = LicenseKeyQuery.create().benefitId(benefit).limit(50);
 * }</pre>
 *
 * @param benefitId only keys of this benefit; {@code null} for all. Default: {@code null}.
 * @param organizationIds the legacy {@code organization_id} filter, sent as repeated parameters.
 *     Polar's current servers ignore it (a customer belongs to one organization); it is sent for
 *     servers that still honour it. Default: empty.
 * @param limit keys per page, 1 to 100 (Polar's maximum). Default: 100.
 * @param startPage the first page to fetch, 1 or more. Default: 1.
 * @param maxItems the most keys to emit, 1 or more, or {@code 0} for no cap. Default: 0.
 */
public record LicenseKeyQuery(
    UUID benefitId, List<UUID> organizationIds, int limit, int startPage, long maxItems)
    implements ListingQuery {

  /** Polar's largest page size; larger values would be clamped silently by the server. */
  public static final int MAX_LIMIT = 100;

  private static final LicenseKeyQuery DEFAULT =
      new LicenseKeyQuery(null, List.of(), MAX_LIMIT, 1, 0);

  /**
   * Validates every component.
   *
   * @param benefitId only keys of this benefit; {@code null} for all. Default: {@code null}.
   * @param organizationIds the legacy {@code organization_id} filter, sent as repeated parameters.
   *     Polar's current servers ignore it (a customer belongs to one organization); it is sent for
   *     servers that still honour it. Default: empty.
   * @param limit keys per page, 1 to 100 (Polar's maximum). Default: 100.
   * @param startPage the first page to fetch, 1 or more. Default: 1.
   * @param maxItems the most keys to emit, 1 or more, or {@code 0} for no cap. Default: 0.
   */
  public LicenseKeyQuery {
    organizationIds = List.copyOf(Objects.requireNonNull(organizationIds, "organizationIds"));
    Queries.checkPaging(limit, startPage, maxItems);
  }

  /**
   * Returns the default query: all keys, 100 per page, from page 1, no cap.
   *
   * @return the default query
   */
  public static LicenseKeyQuery create() {
    return DEFAULT;
  }

  /**
   * Lists only the keys of one benefit.
   *
   * @param benefitId the benefit, or {@code null} for all benefits
   * @return a copy with the filter
   */
  public LicenseKeyQuery benefitId(UUID benefitId) {
    return new LicenseKeyQuery(benefitId, organizationIds, limit, startPage, maxItems);
  }

  /**
   * Sets the legacy organization filter (ignored by current Polar servers).
   *
   * @param organizationIds one or more organization ids; none to clear the filter
   * @return a copy with the filter
   */
  public LicenseKeyQuery organizationIds(UUID... organizationIds) {
    return new LicenseKeyQuery(
        benefitId, Queries.listOf("organizationIds", organizationIds), limit, startPage, maxItems);
  }

  /**
   * Sets the page size.
   *
   * @param limit 1 to 100
   * @return a copy with the page size
   * @throws IllegalArgumentException outside 1 to 100
   */
  public LicenseKeyQuery limit(int limit) {
    return new LicenseKeyQuery(benefitId, organizationIds, limit, startPage, maxItems);
  }

  /**
   * Sets the first page to fetch, to resume a listing where an earlier one failed.
   *
   * @param startPage 1 or more
   * @return a copy starting there
   * @throws IllegalArgumentException below 1
   */
  @Override
  public LicenseKeyQuery startPage(int startPage) {
    return new LicenseKeyQuery(benefitId, organizationIds, limit, startPage, maxItems);
  }

  /**
   * Caps how many keys the listing emits; no page beyond the one that reaches the cap is fetched.
   *
   * @param maxItems 1 or more, or 0 for no cap
   * @return a copy with the cap
   * @throws IllegalArgumentException when negative
   */
  public LicenseKeyQuery maxItems(long maxItems) {
    return new LicenseKeyQuery(benefitId, organizationIds, limit, startPage, maxItems);
  }
}
