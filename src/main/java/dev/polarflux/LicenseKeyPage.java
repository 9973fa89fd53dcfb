package dev.polarflux;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import java.util.List;
import java.util.Objects;

/**
 * One page of a listing, as {@link LicenseKeyFlux#byPage()} emits it.
 *
 * @param page the page number
 * @param items the keys of the page, in Polar's order ({@code created_at} ascending); empty past
 *     the last page. When the listing has an item cap, the last page holds only the keys up to the
 *     cap.
 * @param pagination the pagination block Polar sent with this page
 * @param drifted whether this page's pagination differs from the first page's: the collection
 *     changed during the listing, and offset paging may have skipped or repeated keys
 */
public record LicenseKeyPage(
    int page, List<LicenseKeyRead> items, Pagination pagination, boolean drifted) {

  /**
   * Validates and copies the components.
   *
   * @param page the page number
   * @param items the keys of the page, in Polar's order ({@code created_at} ascending); empty past
   *     the last page. When the listing has an item cap, the last page holds only the keys up to
   *     the cap.
   * @param pagination the pagination block Polar sent with this page
   * @param drifted whether this page's pagination differs from the first page's: the collection
   *     changed during the listing, and offset paging may have skipped or repeated keys
   */
  public LicenseKeyPage {
    if (page < 1) {
      throw new IllegalArgumentException("page must be at least 1, was: " + page);
    }
    items = List.copyOf(items);
    Objects.requireNonNull(pagination, "pagination");
  }

  /**
   * Tells whether Polar says no page follows this one.
   *
   * @return {@code true} when {@code page >= pagination.maxPage()}
   */
  public boolean isLast() {
    return page >= pagination.maxPage();
  }

  @Override
  public String toString() {
    return "LicenseKeyPage[page="
        + page
        + ", items="
        + items.size()
        + ", totalCount="
        + pagination.totalCount()
        + ", maxPage="
        + pagination.maxPage()
        + (drifted ? ", drifted" : "")
        + "]";
  }
}
