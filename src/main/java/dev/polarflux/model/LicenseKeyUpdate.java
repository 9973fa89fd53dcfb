package dev.polarflux.model;

import java.util.Objects;
import java.util.StringJoiner;

/**
 * A change to a license key ({@code LicenseKeyUpdate}): only the fields set here are sent, and
 * Polar changes only those. Setting a limit or the expiry to {@code null} removes it. Immutable;
 * every setter returns a copy. Sending the same update twice leaves the key as sending it once, so
 * it is retried like a read.
 */
public final class LicenseKeyUpdate {

  private static final int STATUS = 1;
  private static final int USAGE = 2;
  private static final int LIMIT_ACTIVATIONS = 4;
  private static final int LIMIT_USAGE = 8;
  private static final int EXPIRES_AT = 16;

  private static final LicenseKeyUpdate NONE = new LicenseKeyUpdate(0, null, 0, null, null, null);

  private final int set;
  private final LicenseKeyStatus status;
  private final long usage;
  private final Long limitActivations;
  private final Long limitUsage;
  private final PolarTimestamp expiresAt;

  private LicenseKeyUpdate(
      int set,
      LicenseKeyStatus status,
      long usage,
      Long limitActivations,
      Long limitUsage,
      PolarTimestamp expiresAt) {
    this.set = set;
    this.status = status;
    this.usage = usage;
    this.limitActivations = limitActivations;
    this.limitUsage = limitUsage;
    this.expiresAt = expiresAt;
  }

  /**
   * Returns an update that changes nothing yet.
   *
   * @return the empty update
   */
  public static LicenseKeyUpdate create() {
    return NONE;
  }

  /**
   * Returns a copy that sets the status (grant, revoke or disable the key).
   *
   * @param status the new status; never {@code null}
   * @return the copy
   */
  public LicenseKeyUpdate status(LicenseKeyStatus status) {
    Objects.requireNonNull(status, "status");
    return new LicenseKeyUpdate(
        set | STATUS, status, usage, limitActivations, limitUsage, expiresAt);
  }

  /**
   * Returns a copy that sets the usage consumed so far.
   *
   * @param usage the new usage, within the range of a 32-bit integer (Polar's)
   * @return the copy
   */
  public LicenseKeyUpdate usage(long usage) {
    if (usage < Integer.MIN_VALUE || usage > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("usage must fit a 32-bit integer, was: " + usage);
    }
    return new LicenseKeyUpdate(
        set | USAGE, status, usage, limitActivations, limitUsage, expiresAt);
  }

  /**
   * Returns a copy that sets how many activations the key allows.
   *
   * @param limit 1 to 50 (Polar's range), or {@code null} for no activations
   * @return the copy
   */
  public LicenseKeyUpdate limitActivations(Long limit) {
    if (limit != null && (limit < 1 || limit > 50)) {
      throw new IllegalArgumentException("limitActivations must be 1 to 50, was: " + limit);
    }
    return new LicenseKeyUpdate(
        set | LIMIT_ACTIVATIONS, status, usage, limit, limitUsage, expiresAt);
  }

  /**
   * Returns a copy that sets how much usage the key allows.
   *
   * @param limit 1 or more, within a 32-bit integer, or {@code null} for no limit
   * @return the copy
   */
  public LicenseKeyUpdate limitUsage(Long limit) {
    if (limit != null && (limit < 1 || limit > Integer.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "limitUsage must be 1 to " + Integer.MAX_VALUE + ", was: " + limit);
    }
    return new LicenseKeyUpdate(
        set | LIMIT_USAGE, status, usage, limitActivations, limit, expiresAt);
  }

  /**
   * Returns a copy that sets when the key expires.
   *
   * @param expiresAt the new expiry, or {@code null} for never
   * @return the copy
   */
  public LicenseKeyUpdate expiresAt(PolarTimestamp expiresAt) {
    return new LicenseKeyUpdate(
        set | EXPIRES_AT, status, usage, limitActivations, limitUsage, expiresAt);
  }

  /**
   * Returns the new status.
   *
   * @return the status, {@code null} when not set
   */
  public LicenseKeyStatus status() {
    return status;
  }

  /**
   * Tells whether the usage is set.
   *
   * @return whether {@link #usage()} is sent
   */
  public boolean setsUsage() {
    return (set & USAGE) != 0;
  }

  /**
   * Returns the new usage.
   *
   * @return the usage; meaningful when {@link #setsUsage()}
   */
  public long usage() {
    return usage;
  }

  /**
   * Tells whether the activation limit is set, possibly to {@code null}.
   *
   * @return whether {@link #limitActivations()} is sent
   */
  public boolean setsLimitActivations() {
    return (set & LIMIT_ACTIVATIONS) != 0;
  }

  /**
   * Returns the new activation limit.
   *
   * @return the limit, {@code null} for none or when not set
   */
  public Long limitActivations() {
    return limitActivations;
  }

  /**
   * Tells whether the usage limit is set, possibly to {@code null}.
   *
   * @return whether {@link #limitUsage()} is sent
   */
  public boolean setsLimitUsage() {
    return (set & LIMIT_USAGE) != 0;
  }

  /**
   * Returns the new usage limit.
   *
   * @return the limit, {@code null} for none or when not set
   */
  public Long limitUsage() {
    return limitUsage;
  }

  /**
   * Tells whether the expiry is set, possibly to {@code null}.
   *
   * @return whether {@link #expiresAt()} is sent
   */
  public boolean setsExpiresAt() {
    return (set & EXPIRES_AT) != 0;
  }

  /**
   * Returns the new expiry.
   *
   * @return the expiry, {@code null} for never or when not set
   */
  public PolarTimestamp expiresAt() {
    return expiresAt;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LicenseKeyUpdate u
        && set == u.set
        && usage == u.usage
        && Objects.equals(status, u.status)
        && Objects.equals(limitActivations, u.limitActivations)
        && Objects.equals(limitUsage, u.limitUsage)
        && Objects.equals(expiresAt, u.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(set, status, usage, limitActivations, limitUsage, expiresAt);
  }

  /** Describes the fields this update sets. */
  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "LicenseKeyUpdate[", "]");
    if (status != null) {
      j.add("status=" + status);
    }
    if (setsUsage()) {
      j.add("usage=" + usage);
    }
    if (setsLimitActivations()) {
      j.add("limitActivations=" + limitActivations);
    }
    if (setsLimitUsage()) {
      j.add("limitUsage=" + limitUsage);
    }
    if (setsExpiresAt()) {
      j.add("expiresAt=" + expiresAt);
    }
    return j.toString();
  }
}
