package dev.polarflux;

/**
 * The listing changed while it was being read ({@code total_count} or {@code max_page} differ from
 * an earlier page), and the client was configured to fail rather than tolerate it. Offset paging
 * over a changing collection may skip or repeat keys.
 */
public final class PolarDriftException extends PolarNonTransientException {

  private static final long serialVersionUID = 1L;

  PolarDriftException(String message, int page) {
    super(message, page, 200, null);
  }
}
