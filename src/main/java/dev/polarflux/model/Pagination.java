package dev.polarflux.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The pagination block of a list response.
 *
 * @param totalCount how many keys the listing holds, counted when the page was served
 * @param maxPage the last page number, {@code ceil(totalCount / limit)}; {@code 0} when there are
 *     no keys
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Pagination(
    @JsonProperty("total_count") long totalCount, @JsonProperty("max_page") int maxPage) {

  /**
   * Checks that neither number is negative.
   *
   * @param totalCount how many keys the listing holds, counted when the page was served
   * @param maxPage the last page number, {@code ceil(totalCount / limit)}; {@code 0} when there are
   *     no keys
   */
  public Pagination {
    if (totalCount < 0) {
      throw new IllegalArgumentException("totalCount must not be negative, was: " + totalCount);
    }
    if (maxPage < 0) {
      throw new IllegalArgumentException("maxPage must not be negative, was: " + maxPage);
    }
  }
}
