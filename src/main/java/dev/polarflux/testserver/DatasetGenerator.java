package dev.polarflux.testserver;

import dev.polarflux.model.Address;
import dev.polarflux.model.CountryCode;
import dev.polarflux.model.CustomerType;
import dev.polarflux.model.LicenseKeyCustomer;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.model.LicenseKeyUser;
import dev.polarflux.model.MetadataValue;
import dev.polarflux.model.PolarTimestamp;
import dev.polarflux.model.TaxId;
import dev.polarflux.model.TaxIdFormat;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Builds {@link LicenseKeyDataset}s. Uses {@link Random}, whose algorithm the JDK specifies, so a
 * seed gives the same data on every JDK.
 */
final class DatasetGenerator {

  private static final OffsetDateTime BASE =
      OffsetDateTime.of(2024, 3, 4, 8, 0, 0, 0, ZoneOffset.UTC);
  private static final int BENEFITS = 4;
  private static final String[] FIRST = {
    "Ada", "Linus", "Grace", "Alan", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Edsger",
    "Radia", "Guido", "Sophie", "Bjarne", "Hedy", "Niklaus", "Karen", "Tim", "Annie", "James"
  };
  private static final String[] LAST = {
    "Lovelace",
    "Torvalds",
    "Hopper",
    "Turing",
    "Hamilton",
    "Thompson",
    "Liskov",
    "Ritchie",
    "Allen",
    "Dijkstra",
    "Perlman",
    "van Rossum",
    "Wilson",
    "Stroustrup",
    "Lamarr",
    "Wirth",
    "Spärck Jones",
    "Berners-Lee",
    "Easley",
    "Gosling"
  };
  private static final String[] COMPANIES = {
    "Acme AB",
    "Globex GmbH",
    "Initech Inc.",
    "Umbrella Ltd",
    "Hooli",
    "Vandelay Industries",
    "Soylent S.A.",
    "Stark & Wayne LLC",
    "Nakatomi 株式会社",
    "Wonka \"Chocolate\" Co."
  };
  private static final String[] DOMAINS = {"example.com", "example.org", "example.net"};
  private static final String[] LOCALES = {"en", "en-US", "sv-SE", "de", "fr-FR", "ja"};
  private static final String[][] PLACES = {
    {"US", "San Francisco", "94103", "CA"},
    {"SE", "Stockholm", "114 55", null},
    {"DE", "Berlin", "10115", null},
    {"GB", "London", "EC1A 1BB", null},
    {"FR", "Paris", "75002", null},
    {"CA", "Toronto", "M5V 2T6", "ON"},
    {"AU", "Sydney", "2000", "NSW"},
    {"JP", "Tokyo", "100-0005", "Tokyo"},
    {"BR", "São Paulo", "01310-100", "SP"},
    {"IN", "Bengaluru", "560001", "KA"}
  };
  private static final Object[][] TAX_IDS = {
    {"12-3456789", TaxIdFormat.US_EIN},
    {"DE123456789", TaxIdFormat.EU_VAT},
    {"GB123456789", TaxIdFormat.GB_VAT},
    {"12345678912", TaxIdFormat.of("au_abn")},
    {"123456789", TaxIdFormat.of("ca_bn")}
  };
  private static final LicenseKeyStatus[] STATUSES = {
    LicenseKeyStatus.GRANTED, LicenseKeyStatus.REVOKED, LicenseKeyStatus.DISABLED
  };

  /** The activation limits of an organisation-scale dataset: Polar's usual small counts. */
  private static final int[] SMALL_LIMITS = {1, 2, 3, 4, 5};

  /** The time an organisation-scale dataset spreads its keys over: about one year. */
  private static final long SPAN_SECONDS = 365L * 86_400;

  private final Random rnd;
  private UUID organizationId;
  private int[] activationLimits = {1, 2, 3, 5, 10};

  private DatasetGenerator(long seed, long salt) {
    // Different salts keep the kinds of dataset from repeating each other's ids.
    this.rnd = new Random(seed ^ salt);
    this.organizationId = uuid();
  }

  static LicenseKeyDataset generate(int count, long seed, boolean varied) {
    return new DatasetGenerator(seed, varied ? 0x9E3779B97F4A7C15L : 0L).build(count, seed, varied);
  }

  /**
   * Spreads {@code count} keys over {@code organizations} organisations of {@code customers}
   * customers each: every key goes to a random organisation and one of its customers, the first
   * {@code organizations * customers} keys round-robin so that each customer has a key when there
   * are enough.
   */
  static LicenseKeyDataset generateOrganizations(
      int organizations, int customers, int count, long seed) {
    return new DatasetGenerator(seed, 0x632BE59BD9B4E019L)
        .buildOrganizations(organizations, customers, count, seed);
  }

  private LicenseKeyDataset buildOrganizations(
      int organizations, int customersPer, int count, long seed) {
    activationLimits = SMALL_LIMITS;
    OffsetDateTime start = BASE.plusDays(rnd.nextInt(180)).plusSeconds(rnd.nextInt(86_400));
    List<LicenseKeyDataset.Organization> orgs = new ArrayList<>(organizations);
    List<List<LicenseKeyCustomer>> customers = new ArrayList<>(organizations);
    List<List<LicenseKeyUser>> users = new ArrayList<>(organizations);
    for (int o = 0; o < organizations; o++) {
      organizationId = o == 0 ? organizationId : uuid();
      List<UUID> benefits = new ArrayList<>(BENEFITS);
      for (int b = 0; b < BENEFITS; b++) {
        benefits.add(uuid());
      }
      List<LicenseKeyCustomer> inOrg = new ArrayList<>(customersPer);
      List<LicenseKeyUser> usersInOrg = new ArrayList<>(customersPer);
      for (int c = 0; c < customersPer; c++) {
        LicenseKeyCustomer customer = realisticCustomer(start);
        inOrg.add(customer);
        usersInOrg.add(user(customer));
      }
      orgs.add(new LicenseKeyDataset.Organization(organizationId, benefits));
      customers.add(inOrg);
      users.add(usersInOrg);
    }
    // Steps of 1 s up to twice the mean spacing keep the keys within about a year.
    int maxStep = (int) Math.max(2, Math.min(1800, 2 * SPAN_SECONDS / Math.max(1, count)));
    Draft[] drafts = new Draft[count];
    OffsetDateTime createdAt = start;
    for (int i = 0; i < count; i++) {
      createdAt =
          createdAt.plusSeconds(1 + rnd.nextInt(maxStep)).plusNanos(rnd.nextInt(1_000_000) * 1000L);
      drafts[i] = draft(createdAt);
    }
    ensureVariety(drafts);
    int everyone = organizations * customersPer;
    List<LicenseKeyRead> keys = new ArrayList<>(count);
    int[] owners = new int[count];
    for (int i = 0; i < count; i++) {
      int owner = i < everyone ? i : rnd.nextInt(everyone);
      int o = owner / customersPer;
      int c = owner % customersPer;
      organizationId = orgs.get(o).id();
      List<UUID> benefits = orgs.get(o).benefitIds();
      keys.add(
          key(
              drafts[i],
              customers.get(o).get(c),
              users.get(o).get(c),
              benefits.get(rnd.nextInt(BENEFITS))));
      owners[i] = owner;
    }
    List<UUID> customerIds = new ArrayList<>(everyone);
    for (List<LicenseKeyCustomer> inOrg : customers) {
      for (LicenseKeyCustomer customer : inOrg) {
        customerIds.add(customer.id());
      }
    }
    return LicenseKeyDataset.ofOrganizations(seed, keys, orgs, customersPer, customerIds, owners);
  }

  private LicenseKeyDataset build(int count, long seed, boolean varied) {
    List<UUID> benefits = new ArrayList<>(BENEFITS);
    for (int i = 0; i < BENEFITS; i++) {
      benefits.add(uuid());
    }
    OffsetDateTime start = BASE.plusDays(rnd.nextInt(180)).plusSeconds(rnd.nextInt(86_400));
    List<LicenseKeyCustomer> customers = new ArrayList<>();
    if (varied) {
      int pool = Math.max(1, Math.min(count, Math.max(16, count / 4)));
      int offset = rnd.nextInt(360);
      for (int j = 0; j < pool; j++) {
        customers.add(variedCustomer(j + offset, start));
      }
    } else {
      customers.add(realisticCustomer(start));
    }
    Draft[] drafts = new Draft[count];
    OffsetDateTime createdAt = start;
    for (int i = 0; i < count; i++) {
      createdAt =
          createdAt.plusSeconds(1 + rnd.nextInt(1800)).plusNanos(rnd.nextInt(1_000_000) * 1000L);
      drafts[i] = draft(createdAt);
    }
    ensureVariety(drafts);
    List<LicenseKeyRead> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      LicenseKeyCustomer customer =
          i < customers.size() ? customers.get(i) : customers.get(rnd.nextInt(customers.size()));
      keys.add(key(drafts[i], customer, user(customer), benefits.get(rnd.nextInt(BENEFITS))));
    }
    return LicenseKeyDataset.ofOneOrganization(
        seed, varied, keys, benefits, organizationId, customers.get(0).id());
  }

  /** The per-key choices, mutable so that {@link #ensureVariety} can adjust them. */
  private static final class Draft {
    OffsetDateTime createdAt;
    LicenseKeyStatus status;
    boolean modified;
    boolean limitActivations;
    boolean limitUsage;
    boolean validated;
    boolean expires;
  }

  private Draft draft(OffsetDateTime createdAt) {
    Draft d = new Draft();
    d.createdAt = createdAt;
    int s = rnd.nextInt(100);
    d.status = s < 80 ? STATUSES[0] : s < 92 ? STATUSES[1] : STATUSES[2];
    d.modified = d.status != LicenseKeyStatus.GRANTED || rnd.nextInt(100) < 55;
    d.limitActivations = rnd.nextInt(100) < 60;
    d.limitUsage = rnd.nextInt(100) < 35;
    d.validated = rnd.nextInt(100) < 70;
    d.expires = rnd.nextInt(100) < 40;
    return d;
  }

  /** Makes every status, and both null and non-null for each nullable field, appear. */
  private void ensureVariety(Draft[] drafts) {
    int n = drafts.length;
    if (n >= 3) {
      for (LicenseKeyStatus status : STATUSES) {
        if (count(drafts, status) == 0) {
          int i = find(drafts, d -> count(drafts, d.status) > 1);
          drafts[i].status = status;
          drafts[i].modified = drafts[i].modified || status != LicenseKeyStatus.GRANTED;
        }
      }
    }
    if (n < 2) {
      return;
    }
    if (find(drafts, d -> !d.modified) < 0) {
      int i = find(drafts, d -> d.status == LicenseKeyStatus.GRANTED);
      if (i >= 0) {
        drafts[i].modified = false;
      }
    }
    if (find(drafts, d -> d.modified) < 0) {
      drafts[find(drafts, d -> true)].modified = true;
    }
    ensureBoth(drafts, d -> d.limitActivations, (d, v) -> d.limitActivations = v);
    ensureBoth(drafts, d -> d.limitUsage, (d, v) -> d.limitUsage = v);
    ensureBoth(drafts, d -> d.validated, (d, v) -> d.validated = v);
    ensureBoth(drafts, d -> d.expires, (d, v) -> d.expires = v);
  }

  private interface Flag {
    boolean get(Draft d);
  }

  private interface SetFlag {
    void set(Draft d, boolean value);
  }

  private void ensureBoth(Draft[] drafts, Flag flag, SetFlag set) {
    for (boolean value : new boolean[] {true, false}) {
      if (find(drafts, d -> flag.get(d) == value) < 0) {
        set.set(drafts[find(drafts, d -> true)], value);
      }
    }
  }

  private static int count(Draft[] drafts, LicenseKeyStatus status) {
    int c = 0;
    for (Draft d : drafts) {
      if (d.status == status) {
        c++;
      }
    }
    return c;
  }

  /** Finds a draft matching {@code test}, scanning from a random start; -1 when none does. */
  private int find(Draft[] drafts, Flag test) {
    int start = rnd.nextInt(drafts.length);
    for (int k = 0; k < drafts.length; k++) {
      int i = (start + k) % drafts.length;
      if (test.get(drafts[i])) {
        return i;
      }
    }
    return -1;
  }

  private LicenseKeyRead key(
      Draft d, LicenseKeyCustomer customer, LicenseKeyUser user, UUID benefitId) {
    UUID id = uuid();
    String key = "POLAR-" + uuid().toString().toUpperCase(Locale.ROOT);
    Long limitActivations = d.limitActivations ? (long) pick(activationLimits) : null;
    Long limitUsage = d.limitUsage ? (long) pick(new int[] {100, 1000, 10_000}) : null;
    long usage;
    if (limitUsage != null) {
      usage = rnd.nextInt(limitUsage.intValue() + 1);
    } else {
      usage = rnd.nextInt(4) == 0 ? rnd.nextInt(500) : 0;
    }
    long validations = d.validated ? 1 + rnd.nextInt(rnd.nextBoolean() ? 20 : 5000) : 0;
    OffsetDateTime lastValidatedAt = d.validated ? later(d.createdAt, 90) : null;
    OffsetDateTime modifiedAt = d.modified ? later(d.createdAt, 60) : null;
    OffsetDateTime expiresAt =
        d.expires ? d.createdAt.plusDays(rnd.nextBoolean() ? 30 : 365) : null;
    return new LicenseKeyRead(
        id,
        timestamp(d.createdAt),
        timestamp(modifiedAt),
        organizationId,
        customer.id(),
        customer,
        benefitId,
        key,
        "****-" + key.substring(key.length() - 6),
        d.status,
        limitActivations,
        usage,
        limitUsage,
        validations,
        timestamp(lastValidatedAt),
        timestamp(expiresAt),
        customer.id(),
        user);
  }

  /** The deprecated user object of a customer's keys, one instance shared by all of them. */
  private static LicenseKeyUser user(LicenseKeyCustomer customer) {
    String publicName =
        customer.name() != null
            ? customer.name()
            : customer.email() != null ? customer.email().substring(0, 1) : "Anonymous";
    return new LicenseKeyUser(customer.id(), customer.email(), publicName, customer.avatarUrl());
  }

  private LicenseKeyCustomer realisticCustomer(OffsetDateTime firstKey) {
    String first = FIRST[rnd.nextInt(FIRST.length)];
    String last = LAST[rnd.nextInt(LAST.length)];
    String name = first + " " + last;
    OffsetDateTime createdAt = earlier(firstKey, 400);
    Map<String, MetadataValue> metadata = new LinkedHashMap<>();
    if (rnd.nextBoolean()) {
      metadata.put("plan", MetadataValue.of("pro"));
      metadata.put("seats", MetadataValue.of((long) 1 + rnd.nextInt(10)));
    }
    return new LicenseKeyCustomer(
        uuid(),
        PolarTimestamp.of(createdAt),
        rnd.nextBoolean() ? timestamp(later(createdAt, 30)) : null,
        metadata,
        rnd.nextBoolean() ? "usr_" + (100_000 + rnd.nextInt(900_000)) : null,
        email(first, last),
        true,
        CustomerType.INDIVIDUAL,
        name,
        name,
        address(false),
        null,
        "en",
        organizationId,
        rnd.nextBoolean() ? uuid() : null,
        null,
        rnd.nextBoolean() ? timestamp(later(createdAt, 10)) : null,
        avatar());
  }

  /**
   * A customer whose shape depends on {@code j}: consecutive values of {@code j} cycle through
   * every variant, so that any 16 consecutive customers show all of them.
   */
  private LicenseKeyCustomer variedCustomer(int j, OffsetDateTime firstKey) {
    boolean team = j % 3 == 0;
    String first = FIRST[rnd.nextInt(FIRST.length)];
    String last = LAST[rnd.nextInt(LAST.length)];
    String name =
        j % 7 == 3 ? null : team ? COMPANIES[rnd.nextInt(COMPANIES.length)] : first + " " + last;
    String email = j % 5 == 2 ? null : email(first, last);
    OffsetDateTime createdAt = earlier(firstKey, 900);
    Object[] tax = j % 6 == 0 ? null : TAX_IDS[(j / 6 + j) % TAX_IDS.length];
    return new LicenseKeyCustomer(
        uuid(),
        PolarTimestamp.of(createdAt),
        j % 2 == 0 ? timestamp(later(createdAt, 30)) : null,
        metadata(j),
        j % 4 == 3 ? null : "ext_" + Integer.toHexString(rnd.nextInt()),
        email,
        email != null && rnd.nextInt(4) != 0,
        team ? CustomerType.TEAM : CustomerType.INDIVIDUAL,
        name,
        j % 5 == 0 ? null : name == null ? first + " " + last : name,
        j % 5 == 4 ? null : address(j % 2 == 1),
        tax == null ? null : new TaxId((String) tax[0], (TaxIdFormat) tax[1]),
        j % 3 == 1 ? null : LOCALES[rnd.nextInt(LOCALES.length)],
        organizationId,
        j % 4 == 1 ? uuid() : null,
        j % 9 == 5 ? timestamp(later(createdAt, 200)) : null,
        j % 2 == 1 ? timestamp(later(createdAt, 20)) : null,
        j % 4 == 2 ? null : avatar());
  }

  private Map<String, MetadataValue> metadata(int j) {
    Map<String, MetadataValue> m = new LinkedHashMap<>();
    switch (j % 4) {
      case 0 -> {}
      case 1 -> {
        m.put("plan", MetadataValue.of(rnd.nextBoolean() ? "pro" : "team"));
        m.put("seats", MetadataValue.of((long) rnd.nextInt(250)));
      }
      case 2 -> {
        m.put("mrr", MetadataValue.of(rnd.nextInt(100_000) / 100.0));
        m.put("beta", MetadataValue.of(rnd.nextBoolean()));
        m.put("note", MetadataValue.of("Zoë says \"hi\"\n\u2603 \\o/"));
      }
      default -> {
        m.put("crm_id", MetadataValue.of("crm-" + rnd.nextInt(1_000_000)));
        m.put("legacy", MetadataValue.of(false));
        m.put("discount", MetadataValue.of(-0.25));
        m.put("max_devices", MetadataValue.of(Long.MAX_VALUE - rnd.nextInt(1000)));
        m.put("", MetadataValue.of(""));
      }
    }
    return m;
  }

  private Address address(boolean sparse) {
    String[] place = PLACES[rnd.nextInt(PLACES.length)];
    return new Address(
        sparse && rnd.nextInt(3) == 0 ? null : (1 + rnd.nextInt(999)) + " Market Street",
        sparse || rnd.nextBoolean() ? null : "Suite " + (100 + rnd.nextInt(900)),
        sparse && rnd.nextInt(3) == 0 ? null : place[2],
        place[1],
        place[3],
        CountryCode.of(place[0]));
  }

  private String email(String first, String last) {
    return (first + "." + last).toLowerCase(Locale.ROOT).replace(' ', '-')
        + "+"
        + rnd.nextInt(10_000)
        + "@"
        + DOMAINS[rnd.nextInt(DOMAINS.length)];
  }

  private String avatar() {
    return "https://www.gravatar.com/avatar/"
        + Long.toHexString(rnd.nextLong() | Long.MIN_VALUE)
        + Long.toHexString(rnd.nextLong() | Long.MIN_VALUE)
        + "?d=404";
  }

  /**
   * A timestamp that keeps only its text: {@link PolarTimestamp#of(OffsetDateTime)} also keeps the
   * parsed time, which would double what a million keys hold.
   */
  private static PolarTimestamp timestamp(OffsetDateTime t) {
    return t == null ? null : PolarTimestamp.parse(PolarTimestamp.of(t).toString());
  }

  private OffsetDateTime later(OffsetDateTime t, int maxDays) {
    return t.plusSeconds(1 + (long) rnd.nextInt(maxDays * 86_400)).plusNanos(micros());
  }

  private OffsetDateTime earlier(OffsetDateTime t, int maxDays) {
    return t.minusSeconds(86_400 + (long) rnd.nextInt(maxDays * 86_400))
        .truncatedTo(ChronoUnit.SECONDS)
        .plusNanos(micros());
  }

  private long micros() {
    return rnd.nextInt(1_000_000) * 1000L;
  }

  private int pick(int[] values) {
    return values[rnd.nextInt(values.length)];
  }

  /** A random (version 4, IETF variant) UUID from the seeded RNG. */
  private UUID uuid() {
    long msb = (rnd.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
    long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
