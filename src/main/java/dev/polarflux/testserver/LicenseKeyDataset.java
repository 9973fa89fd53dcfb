package dev.polarflux.testserver;

import dev.polarflux.model.LicenseKeyRead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A deterministic, realistic set of license keys for {@link PolarTestServer}: the same {@code
 * (count, seed)} always gives the same keys.
 *
 * <p>Keys are ordered by {@code created_at}, strictly ascending, with microsecond precision in UTC;
 * they belong to one organization and are spread over four benefits. With at least three keys every
 * status appears, and each nullable field ({@code modified_at}, {@code limit_activations}, {@code
 * limit_usage}, {@code last_validated_at}, {@code expires_at}) is null in some keys and set in
 * others. The deprecated {@code user_id} and {@code user} are set on every key.
 *
 * <pre>{@code
 * LicenseKeyDataset realistic = LicenseKeyDataset.generate(250, 42L);
 * LicenseKeyDataset stress = LicenseKeyDataset.generateVaried(10_000, 7L);
 * }</pre>
 */
public final class LicenseKeyDataset {

  private final long seed;
  private final boolean varied;
  private final List<LicenseKeyRead> keys;
  private final List<UUID> benefitIds;
  private final UUID organizationId;
  private final UUID customerId;
  private final Map<UUID, List<LicenseKeyRead>> byBenefit;

  LicenseKeyDataset(
      long seed,
      boolean varied,
      List<LicenseKeyRead> keys,
      List<UUID> benefitIds,
      UUID organizationId,
      UUID customerId) {
    this.seed = seed;
    this.varied = varied;
    this.keys = List.copyOf(keys);
    this.benefitIds = List.copyOf(benefitIds);
    this.organizationId = organizationId;
    this.customerId = customerId;
    Map<UUID, List<LicenseKeyRead>> index = new HashMap<>();
    for (UUID benefitId : benefitIds) {
      index.put(benefitId, new ArrayList<>());
    }
    for (LicenseKeyRead key : this.keys) {
      index.computeIfAbsent(key.benefitId(), b -> new ArrayList<>()).add(key);
    }
    index.replaceAll((b, list) -> List.copyOf(list));
    this.byBenefit = Map.copyOf(index);
  }

  /**
   * Generates the keys one customer sees in Polar's customer portal: all keys share {@code
   * customer_id} and the same customer object.
   *
   * @param count how many keys, not negative
   * @param seed the seed; the same {@code (count, seed)} gives the same dataset
   * @return the dataset
   */
  public static LicenseKeyDataset generate(int count, long seed) {
    return DatasetGenerator.generate(requireCount(count), seed, false);
  }

  /**
   * Generates keys as if listed across many customers of one organization, to exercise a decoder
   * with every shape the customer object takes: metadata with string, integer, number and boolean
   * values or none, tax ids of several formats or none, billing addresses with and without optional
   * lines or none, both customer types, missing names, emails and avatars, soft-deleted customers.
   * With at least 16 keys every one of these variants appears. Each key's {@code customer_id}
   * matches its customer; {@link #customerId()} is the first key's customer.
   *
   * @param count how many keys, not negative
   * @param seed the seed; the same {@code (count, seed)} gives the same dataset
   * @return the dataset
   */
  public static LicenseKeyDataset generateVaried(int count, long seed) {
    return DatasetGenerator.generate(requireCount(count), seed, true);
  }

  private static int requireCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was: " + count);
    }
    return count;
  }

  /**
   * Returns the keys, ordered by {@code created_at}, strictly ascending.
   *
   * @return an immutable list
   */
  public List<LicenseKeyRead> keys() {
    return keys;
  }

  /**
   * Returns the benefits the keys are spread over.
   *
   * @return an immutable list of four benefit ids
   */
  public List<UUID> benefitIds() {
    return benefitIds;
  }

  /**
   * Returns the organization that issued every key.
   *
   * @return the organization id
   */
  public UUID organizationId() {
    return organizationId;
  }

  /**
   * Returns the customer whose session lists the keys: the customer of every key in a {@link
   * #generate} dataset, of the first generated customer in a {@link #generateVaried} one.
   *
   * @return the customer id
   */
  public UUID customerId() {
    return customerId;
  }

  /** Returns the keys of one benefit, in order; empty for an unknown benefit. */
  List<LicenseKeyRead> keysOf(UUID benefitId) {
    return byBenefit.getOrDefault(benefitId, List.of());
  }

  @Override
  public String toString() {
    return "LicenseKeyDataset[count=" + keys.size() + ", seed=" + seed + ", varied=" + varied + "]";
  }
}
