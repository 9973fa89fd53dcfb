package dev.polarflux.internal.client;

import dev.polarflux.LicenseKeyPage;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;

/**
 * What one page request tells the paging operator, typed: a streamed page is its keys, one {@link
 * Key} each as they are decoded, then its {@link End}; a page fetched whole is one {@link Whole}.
 */
public sealed interface PageEvent permits PageEvent.Key, PageEvent.End, PageEvent.Whole {

  /** One key of a streamed page, in the page's order. */
  record Key(LicenseKeyRead key) implements PageEvent {}

  /** The end of a streamed page: its pagination, after its last key. */
  record End(Pagination pagination) implements PageEvent {}

  /** A page fetched whole. */
  record Whole(LicenseKeyPage page) implements PageEvent {}
}
