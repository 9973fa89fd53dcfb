package dev.polarflux.testserver;

import dev.polarflux.model.LicenseKeyRead;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.UUID;
import java.util.function.Function;

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
 * <p>{@link #generateOrganizations} builds an organisation-scale dataset instead: several
 * organisations, each with its own four benefits and its own customers, every key owned by one
 * customer. {@link PolarTestServer} gives every organisation an organization access token and every
 * customer a customer session token.
 *
 * <p>The keys are held once, in {@link #keys()}; the per-organisation, per-customer and per-benefit
 * views are {@code int} indexes into it, so a million keys cost little more than the keys.
 *
 * <pre>{@code
 * LicenseKeyDataset realistic = LicenseKeyDataset.generate(250, 42L);
 * LicenseKeyDataset stress = LicenseKeyDataset.generateVaried(10_000, 7L);
 * LicenseKeyDataset scale = LicenseKeyDataset.generateOrganizations(5, 1000, 1_000_000, 7L);
 * }</pre>
 */
public final class LicenseKeyDataset {

  /**
   * An organisation of the dataset.
   *
   * @param id the organisation's id
   * @param benefitIds its four benefits
   */
  record Organization(UUID id, List<UUID> benefitIds) {
    Organization {
      benefitIds = List.copyOf(benefitIds);
    }
  }

  private final long seed;
  private final String kind;
  private final List<LicenseKeyRead> keys;
  private final List<Organization> organizations;
  private final List<UUID> customerIds;
  private final int[][] keysByOrganization;
  private final int[][] keysByCustomer;
  private final int[] organizationOfCustomer;
  private final Map<UUID, Integer> organizationIndex = new HashMap<>();
  private final Map<UUID, Integer> customerIndex = new HashMap<>();
  private final Map<UUID, int[]> keysByBenefit = new HashMap<>();
  private int[] byId;
  private int[] byKey;

  private LicenseKeyDataset(
      long seed,
      String kind,
      List<LicenseKeyRead> keys,
      List<Organization> organizations,
      List<UUID> customerIds,
      int[][] keysByCustomer,
      int[] organizationOfCustomer) {
    this.seed = seed;
    this.kind = kind;
    this.keys = List.copyOf(keys);
    this.organizations = List.copyOf(organizations);
    this.customerIds = List.copyOf(customerIds);
    this.keysByCustomer = keysByCustomer;
    this.organizationOfCustomer = organizationOfCustomer;
    for (int o = 0; o < organizations.size(); o++) {
      organizationIndex.put(organizations.get(o).id(), o);
    }
    for (int c = 0; c < customerIds.size(); c++) {
      customerIndex.put(customerIds.get(c), c);
    }
    int[] perOrganization = new int[organizations.size()];
    Map<UUID, int[]> perBenefit = new HashMap<>();
    for (Organization o : organizations) {
      for (UUID b : o.benefitIds()) {
        perBenefit.put(b, new int[1]);
      }
    }
    for (LicenseKeyRead k : this.keys) {
      perOrganization[organizationIndex.get(k.organizationId())]++;
      perBenefit.computeIfAbsent(k.benefitId(), b -> new int[1])[0]++;
    }
    this.keysByOrganization = new int[organizations.size()][];
    for (int o = 0; o < perOrganization.length; o++) {
      keysByOrganization[o] = new int[perOrganization[o]];
      perOrganization[o] = 0;
    }
    perBenefit.forEach((b, n) -> keysByBenefit.put(b, new int[n[0]]));
    Map<UUID, int[]> filled = new HashMap<>();
    for (int i = 0; i < this.keys.size(); i++) {
      LicenseKeyRead k = this.keys.get(i);
      int o = organizationIndex.get(k.organizationId());
      keysByOrganization[o][perOrganization[o]++] = i;
      keysByBenefit
              .get(k.benefitId())[filled.computeIfAbsent(k.benefitId(), b -> new int[1])[0]++] =
          i;
    }
  }

  /** A dataset of one organisation whose one (default) customer session lists every key. */
  static LicenseKeyDataset ofOneOrganization(
      long seed,
      boolean varied,
      List<LicenseKeyRead> keys,
      List<UUID> benefitIds,
      UUID organizationId,
      UUID customerId) {
    int[] all = new int[keys.size()];
    Arrays.setAll(all, i -> i);
    return new LicenseKeyDataset(
        seed,
        varied ? "varied" : "realistic",
        keys,
        List.of(new Organization(organizationId, benefitIds)),
        List.of(customerId),
        new int[][] {all},
        new int[] {0});
  }

  /**
   * A dataset of many organisations; {@code owners[i]} is the index in {@code customerIds} of the
   * customer of key {@code i}, customers listed organisation by organisation, {@code
   * customersPerOrganization} each.
   */
  static LicenseKeyDataset ofOrganizations(
      long seed,
      List<LicenseKeyRead> keys,
      List<Organization> organizations,
      int customersPerOrganization,
      List<UUID> customerIds,
      int[] owners) {
    int[] counts = new int[customerIds.size()];
    for (int owner : owners) {
      counts[owner]++;
    }
    int[][] byCustomer = new int[customerIds.size()][];
    for (int c = 0; c < counts.length; c++) {
      byCustomer[c] = new int[counts[c]];
      counts[c] = 0;
    }
    for (int i = 0; i < owners.length; i++) {
      byCustomer[owners[i]][counts[owners[i]]++] = i;
    }
    int[] organizationOf = new int[customerIds.size()];
    Arrays.setAll(organizationOf, c -> c / customersPerOrganization);
    return new LicenseKeyDataset(
        seed, "organizations", keys, organizations, customerIds, byCustomer, organizationOf);
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
   * matches its customer; {@link #customerId()} is the first key's customer, and the server's
   * default token lists every key, as if they all were that customer's.
   *
   * @param count how many keys, not negative
   * @param seed the seed; the same {@code (count, seed)} gives the same dataset
   * @return the dataset
   */
  public static LicenseKeyDataset generateVaried(int count, long seed) {
    return DatasetGenerator.generate(requireCount(count), seed, true);
  }

  /**
   * Generates an organisation-scale dataset: {@code organizations} organisations, each with four
   * benefits of its own and {@code customersPerOrganization} realistic customers, and {@code count}
   * keys spread over them at random (the first {@code organizations * customersPerOrganization}
   * keys one per customer, so every customer has a key when there are enough). Keys are created
   * over about a year, so some with an expiry date have expired; {@code limit_activations} is null
   * or 1 to 5, {@code limit_usage} null or 100, 1000 or 10000; statuses are about 80% granted, 12%
   * revoked and 8% disabled. {@link #organizationId()} and {@link #customerId()} are the first
   * organisation and its first customer, the owner of the server's default token.
   *
   * @param organizations how many organisations, at least 1
   * @param customersPerOrganization how many customers each organisation has, at least 1
   * @param count how many keys, not negative
   * @param seed the seed; the same arguments give the same dataset
   * @return the dataset
   */
  public static LicenseKeyDataset generateOrganizations(
      int organizations, int customersPerOrganization, int count, long seed) {
    if (organizations < 1) {
      throw new IllegalArgumentException("organizations must be at least 1, was: " + organizations);
    }
    if (customersPerOrganization < 1) {
      throw new IllegalArgumentException(
          "customersPerOrganization must be at least 1, was: " + customersPerOrganization);
    }
    if ((long) organizations * customersPerOrganization > 10_000_000L) {
      throw new IllegalArgumentException(
          "organizations * customersPerOrganization must be at most 10000000, was: "
              + (long) organizations * customersPerOrganization);
    }
    return DatasetGenerator.generateOrganizations(
        organizations, customersPerOrganization, requireCount(count), seed);
  }

  private static int requireCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, was: " + count);
    }
    return count;
  }

  /**
   * Returns the keys as generated, ordered by {@code created_at}, strictly ascending. A server's
   * operations (validate, activate, update) do not change them: the server keeps what changed
   * apart.
   *
   * @return an immutable list
   */
  public List<LicenseKeyRead> keys() {
    return keys;
  }

  /**
   * Returns the benefits of every organisation, organisation by organisation.
   *
   * @return an immutable list, four benefit ids per organisation
   */
  public List<UUID> benefitIds() {
    List<UUID> all = new ArrayList<>();
    for (Organization o : organizations) {
      all.addAll(o.benefitIds());
    }
    return List.copyOf(all);
  }

  /**
   * Returns the benefits of one organisation.
   *
   * @param organizationId the organisation
   * @return an immutable list of four benefit ids; empty for an unknown organisation
   */
  public List<UUID> benefitIds(UUID organizationId) {
    Integer o = organizationIndex.get(organizationId);
    return o == null ? List.of() : organizations.get(o).benefitIds();
  }

  /**
   * Returns the first organisation: the only one of a {@link #generate} or {@link #generateVaried}
   * dataset.
   *
   * @return the organization id
   */
  public UUID organizationId() {
    return organizations.get(0).id();
  }

  /**
   * Returns every organisation, in generation order.
   *
   * @return an immutable list of organisation ids
   */
  public List<UUID> organizationIds() {
    List<UUID> ids = new ArrayList<>(organizations.size());
    for (Organization o : organizations) {
      ids.add(o.id());
    }
    return List.copyOf(ids);
  }

  /**
   * Returns the default customer, whose session {@link PolarTestServer#token()} stands for: the
   * customer of every key in a {@link #generate} dataset, of the first generated customer in a
   * {@link #generateVaried} one (whose default session still lists every key), the first customer
   * of the first organisation in a {@link #generateOrganizations} one.
   *
   * @return the customer id
   */
  public UUID customerId() {
    return customerIds.get(0);
  }

  /**
   * Returns the customers that have a session, organisation by organisation: the default customer
   * alone for {@link #generate} and {@link #generateVaried}.
   *
   * @return an immutable list of customer ids
   */
  public List<UUID> customerIds() {
    return customerIds;
  }

  /**
   * Returns the customers of one organisation that have a session.
   *
   * @param organizationId the organisation
   * @return an immutable list; empty for an unknown organisation
   */
  public List<UUID> customerIds(UUID organizationId) {
    Integer o = organizationIndex.get(organizationId);
    if (o == null) {
      return List.of();
    }
    List<UUID> ids = new ArrayList<>();
    for (int c = 0; c < customerIds.size(); c++) {
      if (organizationOfCustomer[c] == o) {
        ids.add(customerIds.get(c));
      }
    }
    return List.copyOf(ids);
  }

  /**
   * Returns the organisation of a customer that has a session.
   *
   * @param customerId the customer
   * @return the organisation id, or {@code null} for an unknown customer
   */
  public UUID organizationOf(UUID customerId) {
    Integer c = customerIndex.get(customerId);
    return c == null ? null : organizations.get(organizationOfCustomer[c]).id();
  }

  /**
   * Returns the keys an organisation issued, as generated, in order.
   *
   * @param organizationId the organisation
   * @return an immutable view; empty for an unknown organisation
   */
  public List<LicenseKeyRead> keysOfOrganization(UUID organizationId) {
    Integer o = organizationIndex.get(organizationId);
    return o == null ? List.of() : view(keysByOrganization[o]);
  }

  /**
   * Returns the keys a customer's session lists, as generated, in order.
   *
   * @param customerId the customer
   * @return an immutable view; empty for an unknown customer
   */
  public List<LicenseKeyRead> keysOfCustomer(UUID customerId) {
    Integer c = customerIndex.get(customerId);
    return c == null ? List.of() : view(keysByCustomer[c]);
  }

  /** Returns the keys of one benefit, in order; empty for an unknown benefit. */
  List<LicenseKeyRead> keysOf(UUID benefitId) {
    return view(keysOfBenefit(benefitId));
  }

  /** The indexes of one benefit's keys, ascending; empty for an unknown benefit. */
  int[] keysOfBenefit(UUID benefitId) {
    return keysByBenefit.getOrDefault(benefitId, new int[0]);
  }

  int organizationCount() {
    return organizations.size();
  }

  UUID organizationId(int organization) {
    return organizations.get(organization).id();
  }

  int organizationIndex(UUID organizationId) {
    Integer o = organizationIndex.get(organizationId);
    return o == null ? -1 : o;
  }

  int customerIndex(UUID customerId) {
    Integer c = customerIndex.get(customerId);
    return c == null ? -1 : c;
  }

  int organizationOfCustomer(int customer) {
    return organizationOfCustomer[customer];
  }

  /** The indexes of an organisation's keys, ascending. */
  int[] keysOfOrganization(int organization) {
    return keysByOrganization[organization];
  }

  /** The indexes of a customer's keys, ascending. */
  int[] keysOfCustomer(int customer) {
    return keysByCustomer[customer];
  }

  /** The index of the key with this id, or -1. */
  int indexOfId(UUID id) {
    return search(sortedBy(true), LicenseKeyRead::id, id);
  }

  /** The index of the key with this key text, or -1. */
  int indexOfKey(String key) {
    return search(sortedBy(false), LicenseKeyRead::key, key);
  }

  private <T extends Comparable<T>> int search(
      int[] sorted, Function<LicenseKeyRead, T> field, T wanted) {
    int lo = 0;
    int hi = sorted.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = field.apply(keys.get(sorted[mid])).compareTo(wanted);
      if (c == 0) {
        return sorted[mid];
      } else if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }

  /**
   * The key indexes sorted by id or by key text, built on first use: an {@code int} per key rather
   * than a hash map's node, boxed index and table slot.
   */
  private synchronized int[] sortedBy(boolean id) {
    int[] sorted = id ? byId : byKey;
    if (sorted == null) {
      Integer[] boxed = new Integer[keys.size()];
      Arrays.setAll(boxed, i -> i);
      Comparator<Integer> order =
          id
              ? Comparator.comparing(i -> keys.get(i).id())
              : Comparator.comparing(i -> keys.get(i).key());
      Arrays.sort(boxed, order);
      sorted = new int[boxed.length];
      Arrays.setAll(sorted, i -> boxed[i]);
      if (id) {
        byId = sorted;
      } else {
        byKey = sorted;
      }
    }
    return sorted;
  }

  private List<LicenseKeyRead> view(int[] indexes) {
    return new IndexedKeys(keys, indexes);
  }

  /** An immutable list of the keys at some indexes. */
  private static final class IndexedKeys extends AbstractList<LicenseKeyRead>
      implements RandomAccess {
    private final List<LicenseKeyRead> keys;
    private final int[] indexes;

    IndexedKeys(List<LicenseKeyRead> keys, int[] indexes) {
      this.keys = keys;
      this.indexes = indexes;
    }

    @Override
    public LicenseKeyRead get(int i) {
      return keys.get(indexes[i]);
    }

    @Override
    public int size() {
      return indexes.length;
    }
  }

  @Override
  public String toString() {
    return "LicenseKeyDataset[count="
        + keys.size()
        + ", seed="
        + seed
        + ", kind="
        + kind
        + ", organizations="
        + organizations.size()
        + ", customers="
        + customerIds.size()
        + "]";
  }
}
