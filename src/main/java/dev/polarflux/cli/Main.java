package dev.polarflux.cli;

import dev.polarflux.LicenseKeyFlux;
import dev.polarflux.LicenseKeyPage;
import dev.polarflux.LicenseKeyQuery;
import dev.polarflux.ListingQuery;
import dev.polarflux.OrganizationKeyQuery;
import dev.polarflux.PolarClient;
import dev.polarflux.PolarException;
import dev.polarflux.PolarListener;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.redis.RedisRateBudget;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code polarflux [demo|list|serve|get|validate|activate|deactivate] [options]}: see {@link
 * #USAGE}. Exit status 0 on success, 1 when the listing or the operation failed, 2 for a command
 * line that cannot be run.
 */
public final class Main {

  static final String USAGE =
      String.join(
          "\n",
          "usage: polarflux [demo] [--keys N] [--concurrency N] [OUTPUT]",
          "       polarflux list --base-url URL [--token T] [--limit N] [--benefit-id ID]",
          "                      [--organization-id ID]... [--start-page N] [--max-items N]",
          "                      [--organization [--status S]... [--benefit-id ID]...]",
          "                      [--concurrency N] [--retries N] [--timeout DURATION]",
          "                      [--deadline DURATION] [--polar-version V]",
          "                      [--rate-limit N] [--redis redis://HOST:PORT] [OUTPUT]",
          "       polarflux serve [--port P] [--keys N] [--organizations N] [--customers N]",
          "       polarflux get ID --base-url URL [--token T] [--organization]",
          "       polarflux validate --base-url URL --key K --organization-id O [--activation-id A]",
          "                      [--benefit-id B] [--customer-id C] [--increment-usage N]",
          "                      [--organization [--token T]]",
          "       polarflux activate --base-url URL --key K --organization-id O --label L",
          "                      [--organization [--token T]]",
          "       polarflux deactivate --base-url URL --key K --organization-id O",
          "                      --activation-id A [--organization [--token T]]",
          "",
          "  demo   start the embedded Polar-compatible server and stream all its keys (default)",
          "  list   stream license keys from a Polar-compatible server as NDJSON on stdout;",
          "         the token may also come from the environment variable POLAR_CUSTOMER_SESSION;",
          "         --concurrency N fetches up to N pages at once and reads as many ahead",
          "         (default 1)",
          "  list --organization: an organisation's keys (GET /v1/license-keys/), with an",
          "         organization access token; --status (granted, revoked, disabled), --benefit-id",
          "         and --organization-id may each be repeated",
          "  get, validate, activate, deactivate: one license-key operation; Polar's JSON for the",
          "         result on one line of stdout (nothing for deactivate). Without --organization,",
          "         the customer portal's: get with a customer session token, validate, activate",
          "         and deactivate with no token at all (the license key is the credential). With",
          "         --organization, the organisation's, with --token or POLAR_ACCESS_TOKEN.",
          "         Other options: [--timeout DURATION] [--retries N] [--polar-version V]",
          "  serve  run the embedded server and print 'READY <base-url> <token>' (the default",
          "         customer's session token), then one line 'ORGANIZATION <id> <token>' per",
          "         organisation and 'CUSTOMER <id> <organization-id> <token>' for at most 100",
          "         customers, then 'UNLISTED-CUSTOMERS <n>' when more were left out;",
          "         --organizations N (default 1) organisations of --customers N (default 1)",
          "         customers each share the keys",
          "",
          "--rate-limit N: at most N requests a minute per token, 0 for none (default 500, Polar's",
          "  production budget); --redis: count that budget in Redis, shared by every process that",
          "  uses the same Redis, so that workers sharding an export stay within one budget.",
          "",
          "OUTPUT: [--format ndjson|csv] [--output FILE] [--no-progress]",
          "  ndjson (default): one JSON object per key with Polar's field names; csv: a header and a",
          "  row per key. A progress bar is drawn on stderr when it is a terminal.",
          "",
          "Durations are written like 500ms, 10s, 2m. A summary goes to stderr; on failure one line",
          "names the cause and the exit status is 1 (2 for a bad command line).");

  static final String TOKEN_ENV = "POLAR_CUSTOMER_SESSION";

  private static final Set<String> LIST_OPTIONS =
      Set.of(
          "base-url",
          "token",
          "limit",
          "benefit-id",
          "organization-id",
          "start-page",
          "max-items",
          "concurrency",
          "retries",
          "timeout",
          "deadline",
          "polar-version",
          "rate-limit",
          "redis",
          "status",
          "format",
          "output");
  private static final Set<String> DEMO_OPTIONS = Set.of("keys", "concurrency", "format", "output");
  private static final Set<String> FLAGS = Set.of("no-progress");
  private static final Set<String> LIST_FLAGS = Set.of("no-progress", "organization");
  private static final Set<String> SERVE_OPTIONS =
      Set.of("port", "keys", "organizations", "customers");

  /** The most customer tokens {@code serve} prints. */
  static final int LISTED_CUSTOMERS = 100;

  private Main() {}

  /**
   * Runs the command line and exits with its status when it is not 0.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    int status =
        run(
            Arrays.asList(args),
            System.out,
            System.err,
            System.getenv(),
            Progress.stderrIsTerminal());
    if (status != 0) {
      System.exit(status);
    }
  }

  static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
    return run(args, out, err, env, false);
  }

  static int run(
      List<String> args,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      boolean terminal) {
    String command = args.isEmpty() || args.get(0).startsWith("--") ? "demo" : args.get(0);
    List<String> rest =
        args.isEmpty() || args.get(0).startsWith("--") ? args : args.subList(1, args.size());
    try {
      switch (command) {
        case "demo":
          return demo(Arguments.parse(rest, DEMO_OPTIONS, FLAGS), out, err, terminal);
        case "list":
          return list(Arguments.parse(rest, LIST_OPTIONS, LIST_FLAGS), out, err, env, terminal);
        case "serve":
          return serve(Arguments.parse(rest, SERVE_OPTIONS, Set.of()), out, err);
        case "get":
          return KeyCommands.get(rest, out, err, env);
        case "validate":
          return KeyCommands.validate(
              Arguments.parse(rest, KeyCommands.VALIDATE, KeyCommands.FLAGS), out, err, env);
        case "activate":
          return KeyCommands.activate(
              Arguments.parse(rest, KeyCommands.ACTIVATE, KeyCommands.FLAGS), out, err, env);
        case "deactivate":
          return KeyCommands.deactivate(
              Arguments.parse(rest, KeyCommands.DEACTIVATE, KeyCommands.FLAGS), out, err, env);
        case "help":
          out.println(USAGE);
          return 0;
        default:
          throw new UsageException("unknown command '" + command + "'");
      }
    } catch (UsageException e) {
      err.println("polarflux: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
  }

  private static int demo(Arguments a, PrintStream out, PrintStream err, boolean terminal)
      throws UsageException {
    if (a.help()) {
      out.println(USAGE);
      return 0;
    }
    int keys = a.integer("keys", 3000, 0, 10_000_000);
    int concurrency = a.integer("concurrency", 1, 1, 64);
    Output output = output(a, terminal);
    LicenseKeyDataset dataset = LicenseKeyDataset.generate(keys, 42L);
    try (PolarTestServer server = PolarTestServer.start(dataset)) {
      err.println(
          "polarflux: embedded Polar-compatible server at "
              + server.baseUrl()
              + " with "
              + keys
              + " keys");
      try (PolarClient polar =
          PolarClient.create()
              .baseUrl(server.baseUrl())
              .token(server.token())
              .rateLimit(0)
              .concurrency(concurrency)
              .readAhead(concurrency)) {
        return stream(polar, LicenseKeyQuery.create(), output, out, err);
      }
    }
  }

  private static int list(
      Arguments a, PrintStream out, PrintStream err, Map<String, String> env, boolean terminal)
      throws UsageException {
    if (a.help()) {
      out.println(USAGE);
      return 0;
    }
    String baseUrl = a.string("base-url");
    if (baseUrl == null) {
      throw new UsageException("list needs --base-url");
    }
    boolean organization = a.has("organization");
    String token = a.string("token");
    if (token == null) {
      token = env.get(organization ? KeyCommands.ORGANIZATION_TOKEN_ENV : TOKEN_ENV);
    }
    ListingQuery query = organization ? organizationQuery(a) : portalQuery(a);
    PolarClient polar;
    try {
      polar = PolarClient.create().baseUrl(baseUrl);
    } catch (IllegalArgumentException e) {
      throw new UsageException("option --base-url: " + e.getMessage());
    }
    if (token != null && !token.isBlank()) {
      try {
        polar = polar.token(token);
      } catch (IllegalArgumentException e) {
        throw new UsageException("the token: " + e.getMessage());
      }
    }
    try {
      // Assembling a listing checks the combination of settings, as every later listing will.
      listing(polar, query);
    } catch (IllegalStateException e) {
      throw new UsageException("option --base-url: " + e.getMessage());
    }
    // The output is written page by page, so the listing reads as many pages ahead as it may
    // fetch at once: otherwise each page would wait for the previous one to be written.
    int concurrency = a.integer("concurrency", 1, 1, 64);
    polar = polar.concurrency(concurrency).readAhead(concurrency);
    polar = KeyCommands.requestOptions(a, polar);
    Duration deadline = a.duration("deadline");
    if (deadline != null) {
      polar = polar.deadline(deadline);
    }
    int rateLimit = a.integer("rate-limit", PolarClient.PRODUCTION_RATE_LIMIT, 0, 1_000_000);
    polar = polar.rateLimit(rateLimit);
    String redis = a.string("redis");
    if (redis != null && rateLimit == 0) {
      throw new UsageException("option --redis needs a budget, but --rate-limit is 0");
    }
    Output output = output(a, terminal);
    RedisRateBudget shared = null;
    if (redis != null) {
      try {
        shared = RedisRateBudget.create(redis);
      } catch (IllegalArgumentException e) {
        throw new UsageException("option --redis: " + e.getMessage());
      } catch (LinkageError e) {
        err.println("polarflux: error: --redis needs io.lettuce:lettuce-core on the class path");
        return 1;
      }
      polar = polar.rateBudget(shared);
    }
    try (PolarClient client = polar) {
      return stream(client, query, output, out, err);
    } finally {
      if (shared != null) {
        shared.close();
      }
    }
  }

  private static LicenseKeyQuery portalQuery(Arguments a) throws UsageException {
    if (a.has("status")) {
      throw new UsageException("option --status needs --organization");
    }
    LicenseKeyQuery query =
        LicenseKeyQuery.create()
            .limit(a.integer("limit", LicenseKeyQuery.MAX_LIMIT, 1, LicenseKeyQuery.MAX_LIMIT))
            .startPage(a.integer("start-page", 1, 1, Integer.MAX_VALUE))
            .maxItems(a.integer("max-items", 0, 0, Integer.MAX_VALUE));
    String benefit = a.string("benefit-id");
    if (benefit != null) {
      query = query.benefitId(a.uuid("benefit-id", benefit));
    }
    List<UUID> orgs = uuids(a, "organization-id");
    return orgs.isEmpty() ? query : query.organizationIds(orgs.toArray(UUID[]::new));
  }

  private static OrganizationKeyQuery organizationQuery(Arguments a) throws UsageException {
    List<LicenseKeyStatus> statuses = new ArrayList<>();
    for (String status : a.all("status")) {
      LicenseKeyStatus s = LicenseKeyStatus.of(status);
      if (!LicenseKeyStatus.known().contains(s)) {
        throw new UsageException(
            "option --status must be one of granted, revoked, disabled, was: " + status);
      }
      statuses.add(s);
    }
    return OrganizationKeyQuery.create()
        .limit(a.integer("limit", LicenseKeyQuery.MAX_LIMIT, 1, LicenseKeyQuery.MAX_LIMIT))
        .startPage(a.integer("start-page", 1, 1, Integer.MAX_VALUE))
        .maxItems(a.integer("max-items", 0, 0, Integer.MAX_VALUE))
        .organizationIds(uuids(a, "organization-id").toArray(UUID[]::new))
        .benefitIds(uuids(a, "benefit-id").toArray(UUID[]::new))
        .statuses(statuses.toArray(LicenseKeyStatus[]::new));
  }

  private static List<UUID> uuids(Arguments a, String name) throws UsageException {
    List<UUID> ids = new ArrayList<>();
    for (String v : a.all(name)) {
      ids.add(a.uuid(name, v));
    }
    return ids;
  }

  /** The listing a query names, in its scope. */
  private static LicenseKeyFlux listing(PolarClient polar, ListingQuery query) {
    return query instanceof OrganizationKeyQuery o
        ? polar.organization().list(o)
        : polar.licenseKeys((LicenseKeyQuery) query);
  }

  /** Where and how a listing is written. */
  record Output(String format, String file, boolean progress) {}

  private static Output output(Arguments a, boolean terminal) throws UsageException {
    String format = a.string("format");
    if (format == null) {
      format = "ndjson";
    }
    if (!format.equals("ndjson") && !format.equals("csv")) {
      throw new UsageException("option --format must be ndjson or csv, was: " + format);
    }
    if (format.equals("csv") && !csvAvailable()) {
      throw new UsageException(
          "option --format csv needs jackson-dataformat-csv and jackson-databind on the class path");
    }
    return new Output(format, a.string("output"), terminal && !a.has("no-progress"));
  }

  /** Whether the optional CSV writer's library is on the class path. */
  private static boolean csvAvailable() {
    try {
      Class.forName(
          "com.fasterxml.jackson.dataformat.csv.CsvMapper", false, Main.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Streams a listing to {@code out} (or to the output file); a summary or the failure goes to
   * {@code err}.
   */
  static int stream(
      PolarClient polar, ListingQuery query, Output output, OutputStream out, PrintStream err) {
    AtomicInteger retries = new AtomicInteger();
    PolarClient observed =
        polar.listener(
            new PolarListener() {
              @Override
              public void retrying(int page, int attempt, PolarException error, Duration delay) {
                retries.incrementAndGet();
                err.println(
                    "\rpolarflux: retrying page "
                        + page
                        + " in "
                        + delay.toMillis()
                        + " ms after attempt "
                        + attempt
                        + ": "
                        + error.getMessage());
              }
            });
    LicenseKeyFlux keys = listing(observed, query);
    Progress progress = new Progress(err, output.progress());
    long started = System.nanoTime();
    long count = 0;
    int pages = 0;
    try (OutputStream target =
            output.file() == null
                ? new NonClosing(out)
                : Files.newOutputStream(Path.of(output.file()));
        BufferedOutputStream buffered = new BufferedOutputStream(target, 1 << 16);
        KeyWriter writer = KeyWriter.create(output.format(), buffered)) {
      try {
        for (LicenseKeyPage page : keys.byPage().toIterable(1)) {
          for (LicenseKeyRead key : page.items()) {
            writer.write(key);
          }
          count += page.items().size();
          pages++;
          writer.flush();
          progress.page(page, count);
        }
      } finally {
        progress.done();
      }
    } catch (PolarException e) {
      err.println(
          "polarflux: error: "
              + e.getMessage()
              + " ["
              + e.getClass().getSimpleName()
              + ", resume with --start-page "
              + Math.max(1, e.page())
              + "]");
      return 1;
    } catch (IOException | UncheckedIOException e) {
      err.println("polarflux: error: could not write the output: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      Throwable cause = reactor.core.Exceptions.unwrap(e);
      err.println(
          "polarflux: error: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
      return 1;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    err.println(
        String.format(
            Locale.ROOT,
            "polarflux: %d keys in %d pages (%d retries) in %.2f s (%.0f keys/s)%s",
            count,
            pages,
            retries.get(),
            seconds,
            seconds > 0 ? count / seconds : 0.0,
            output.file() == null ? "" : ", written to " + output.file()));
    return 0;
  }

  /** Lets the writers close their layers without closing stdout. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private static int serve(Arguments a, PrintStream out, PrintStream err) throws UsageException {
    if (a.help()) {
      out.println(USAGE);
      return 0;
    }
    int port = a.integer("port", 0, 0, 65535);
    int keys = a.integer("keys", 3000, 0, 10_000_000);
    int organizations = a.integer("organizations", 1, 1, 1000);
    int customers = a.integer("customers", 1, 1, 100_000);
    LicenseKeyDataset dataset =
        organizations == 1 && customers == 1
            ? LicenseKeyDataset.generate(keys, 42L)
            : LicenseKeyDataset.generateOrganizations(organizations, customers, keys, 42L);
    PolarTestServer server = PolarTestServer.builder().dataset(dataset).port(port).build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "polarflux-serve-shutdown"));
    out.println("READY " + server.baseUrl() + " " + server.token());
    for (UUID organization : server.organizations()) {
      out.println("ORGANIZATION " + organization + " " + server.organizationToken(organization));
    }
    List<UUID> customerIds = dataset.customerIds();
    for (UUID customer : customerIds.subList(0, Math.min(LISTED_CUSTOMERS, customerIds.size()))) {
      out.println(
          "CUSTOMER "
              + customer
              + " "
              + dataset.organizationOf(customer)
              + " "
              + server.customerToken(customer));
    }
    if (customerIds.size() > LISTED_CUSTOMERS) {
      out.println("UNLISTED-CUSTOMERS " + (customerIds.size() - LISTED_CUSTOMERS));
    }
    out.flush();
    err.println(
        "polarflux: serving "
            + keys
            + " keys of "
            + organizations
            + " organization(s), "
            + customers
            + " customer(s) each; stop with Ctrl-C");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return 0;
  }
}
