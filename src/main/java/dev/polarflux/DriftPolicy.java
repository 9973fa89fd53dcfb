package dev.polarflux;

/**
 * What a listing does when a page's {@code total_count} or {@code max_page} differs from the first
 * page's: the collection changed while it was read, and offset paging may skip or repeat keys.
 */
public enum DriftPolicy {
  /**
   * Go on: the page is marked {@link LicenseKeyPage#drifted()}, pages follow the newest {@code
   * max_page}. The default.
   */
  TOLERATE,
  /** End the listing with a {@link PolarDriftException} naming the page that showed the change. */
  FAIL
}
