package dev.polarflux.internal;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import java.util.List;

/**
 * A decoded {@code ListResource[LicenseKeyRead]}.
 *
 * @param items the keys in the order Polar sent them
 * @param pagination the pagination block
 */
public record PageBody(List<LicenseKeyRead> items, Pagination pagination) {}
