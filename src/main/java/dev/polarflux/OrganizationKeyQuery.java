package dev.polarflux;

import dev.polarflux.model.LicenseKeyStatus;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What to list of an organization's license keys ({@code GET /v1/license-keys/}, with an
 * organization access token or a personal access token): an immutable value; every setter-style
 * method returns a copy. Filters combine with AND; the values of one filter with OR. Polar always
 * adds the token's own organization: another organization's id selects nothing.
 *
 * <pre>{@code
 * OrganizationKeyQuery query =
 *     OrganizationKeyQuery.create().statuses(LicenseKeyStatus.GRANTED).benefitIds(benefit);
 * polar.organization().list(query).subscribe(...);
 * }</pre>
 *
 * @param organizationIds only keys of these organizations; empty for all the token may read.
 *     Default: empty.
 * @param benefitIds only keys of these benefits; empty for all. Default: empty.
 * @param statuses only keys with one of these statuses; empty for all. Default: empty.
 * @param limit keys per page, 1 to 100 (Polar's maximum). Default: 100.
 * @param startPage the first page to fetch, 1 or more. Default: 1.
 * @param maxItems the most keys to emit, 1 or more, or {@code 0} for no cap. Default: 0.
 */
public record OrganizationKeyQuery(
    List<UUID> organizationIds,
    List<UUID> benefitIds,
    List<LicenseKeyStatus> statuses,
    int limit,
    int startPage,
    long maxItems)
    implements ListingQuery {

  private static final OrganizationKeyQuery DEFAULT =
      new OrganizationKeyQuery(List.of(), List.of(), List.of(), LicenseKeyQuery.MAX_LIMIT, 1, 0);

  /**
   * Validates every component.
   *
   * @param organizationIds the organizations; never {@code null}
   * @param benefitIds the benefits; never {@code null}
   * @param statuses the statuses; never {@code null}
   * @param limit 1 to 100
   * @param startPage 1 or more
   * @param maxItems 0 or more
   */
  public OrganizationKeyQuery {
    organizationIds = List.copyOf(Objects.requireNonNull(organizationIds, "organizationIds"));
    benefitIds = List.copyOf(Objects.requireNonNull(benefitIds, "benefitIds"));
    statuses = List.copyOf(Objects.requireNonNull(statuses, "statuses"));
    Queries.checkPaging(limit, startPage, maxItems);
  }

  /**
   * Returns the default query: every key the token may read, 100 per page, from page 1, no cap.
   *
   * @return the default query
   */
  public static OrganizationKeyQuery create() {
    return DEFAULT;
  }

  /**
   * Lists only the keys of these organizations.
   *
   * @param organizationIds one or more ids; none to clear the filter
   * @return a copy with the filter
   */
  public OrganizationKeyQuery organizationIds(UUID... organizationIds) {
    return new OrganizationKeyQuery(
        Queries.listOf("organizationIds", organizationIds),
        benefitIds,
        statuses,
        limit,
        startPage,
        maxItems);
  }

  /**
   * Lists only the keys of these benefits.
   *
   * @param benefitIds one or more ids; none to clear the filter
   * @return a copy with the filter
   */
  public OrganizationKeyQuery benefitIds(UUID... benefitIds) {
    return new OrganizationKeyQuery(
        organizationIds,
        Queries.listOf("benefitIds", benefitIds),
        statuses,
        limit,
        startPage,
        maxItems);
  }

  /**
   * Lists only the keys with one of these statuses.
   *
   * @param statuses one or more statuses; none to clear the filter
   * @return a copy with the filter
   */
  public OrganizationKeyQuery statuses(LicenseKeyStatus... statuses) {
    return new OrganizationKeyQuery(
        organizationIds,
        benefitIds,
        Queries.listOf("statuses", statuses),
        limit,
        startPage,
        maxItems);
  }

  /**
   * Sets the page size.
   *
   * @param limit 1 to 100
   * @return a copy with the page size
   * @throws IllegalArgumentException outside 1 to 100
   */
  public OrganizationKeyQuery limit(int limit) {
    return new OrganizationKeyQuery(
        organizationIds, benefitIds, statuses, limit, startPage, maxItems);
  }

  /**
   * Sets the first page to fetch, to resume a listing where an earlier one failed.
   *
   * @param startPage 1 or more
   * @return a copy starting there
   * @throws IllegalArgumentException below 1
   */
  @Override
  public OrganizationKeyQuery startPage(int startPage) {
    return new OrganizationKeyQuery(
        organizationIds, benefitIds, statuses, limit, startPage, maxItems);
  }

  /**
   * Caps how many keys the listing emits; no page beyond the one that reaches the cap is fetched.
   *
   * @param maxItems 1 or more, or 0 for no cap
   * @return a copy with the cap
   * @throws IllegalArgumentException when negative
   */
  public OrganizationKeyQuery maxItems(long maxItems) {
    return new OrganizationKeyQuery(
        organizationIds, benefitIds, statuses, limit, startPage, maxItems);
  }
}
