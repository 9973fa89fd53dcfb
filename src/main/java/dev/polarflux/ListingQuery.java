package dev.polarflux;

/**
 * What a {@link LicenseKeyFlux} lists, in one of Polar's two scopes: a {@link LicenseKeyQuery} for
 * the customer portal (a customer's own keys, with a customer session token), an {@link
 * OrganizationKeyQuery} for an organization (with an organization access token). Both share the
 * paging components.
 */
public sealed interface ListingQuery permits LicenseKeyQuery, OrganizationKeyQuery {

  /**
   * Returns the page size.
   *
   * @return 1 to 100
   */
  int limit();

  /**
   * Returns the first page to fetch.
   *
   * @return 1 or more
   */
  int startPage();

  /**
   * Returns the most keys to emit.
   *
   * @return 1 or more, or 0 for no cap
   */
  long maxItems();

  /**
   * Returns a copy starting at another page.
   *
   * @param startPage 1 or more
   * @return the copy
   */
  ListingQuery startPage(int startPage);
}
