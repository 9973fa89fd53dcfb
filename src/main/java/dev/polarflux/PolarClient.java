package dev.polarflux;

import dev.polarflux.internal.client.Attempts;
import dev.polarflux.internal.client.ClientSettings;
import dev.polarflux.internal.client.HeaderValues;
import dev.polarflux.internal.client.NettyPageTransport;
import dev.polarflux.internal.client.Operations;
import dev.polarflux.internal.client.PageSource;
import dev.polarflux.internal.client.PageTransport;
import dev.polarflux.internal.client.SharedResources;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * The entry point: an immutable, copy-on-write client configuration and the factory of {@link
 * LicenseKeyFlux listings}. Every configuration method returns a new client; the original is left
 * as it was, so a configured client can serve as a template.
 *
 * <pre>{@code
 * PolarClient polar = PolarClient.create().token(customerSessionToken);
 * polar.licenseKeys()
 *     .filter(key -> key.status().equals(LicenseKeyStatus.GRANTED))
 *     .subscribe(key -> System.out.println(key.displayKey()));
 * }</pre>
 *
 * <p>Clients derived from one {@link #create()} share one connection pool and one {@link
 * RateBudget} ({@link #rateLimit(int)}, {@link #rateBudget(RateBudget)}); {@link #close()} releases
 * the pool. A client is thread-safe.
 *
 * <p>The token never appears in {@link #toString()}, in exception messages, or in logs.
 */
public final class PolarClient implements AutoCloseable {

  /** Polar's production API. */
  public static final String PRODUCTION_URL = "https://api.polar.sh";

  /** Polar's sandbox API. */
  public static final String SANDBOX_URL = "https://sandbox-api.polar.sh";

  /** The request budget Polar grants a customer in production: 500 requests a minute. */
  public static final int PRODUCTION_RATE_LIMIT = 500;

  /**
   * Polar's budget, per second and per identity, for the customer portal's key operations ({@code
   * validate}, {@code activate}, {@code deactivate}).
   */
  public static final int KEY_OPERATIONS_RATE_LIMIT = 3;

  private final ClientSettings settings;
  private final SharedResources shared;
  private final PageTransport injectedTransport;

  /**
   * The transport, made on first use and shared with every copy that differs only in what the
   * transport does not depend on (the token): a server that makes a copy per customer token builds
   * no transport per request.
   */
  private final LazyTransport transport;

  private PolarClient(
      ClientSettings settings, SharedResources shared, PageTransport injectedTransport) {
    this(settings, shared, injectedTransport, new LazyTransport());
  }

  private PolarClient(
      ClientSettings settings,
      SharedResources shared,
      PageTransport injectedTransport,
      LazyTransport transport) {
    this.settings = settings;
    this.shared = shared;
    this.injectedTransport = injectedTransport;
    this.transport = transport;
  }

  /**
   * Creates a client for Polar's production API with no token, a budget of {@value
   * #PRODUCTION_RATE_LIMIT} requests a minute, and the defaults each method documents.
   *
   * @return a new client with its own connection pool
   */
  public static PolarClient create() {
    ClientSettings b = new ClientSettings();
    b.rateZone = RateZone.api(PRODUCTION_RATE_LIMIT);
    b.rateBudget = RateBudget.inMemory();
    return new PolarClient(b, new SharedResources(), null);
  }

  /** A client whose connection pool has the given size and wait limit: for tests of the pool. */
  static PolarClient create(int maxConnections, Duration poolAcquireTimeout) {
    ClientSettings b = new ClientSettings();
    b.rateZone = RateZone.api(PRODUCTION_RATE_LIMIT);
    b.rateBudget = RateBudget.inMemory();
    return new PolarClient(b, new SharedResources(maxConnections, poolAcquireTimeout), null);
  }

  /** A client whose pages come from {@code transport}: for tests of the paging logic. */
  static PolarClient create(PageTransport transport) {
    ClientSettings b = new ClientSettings();
    b.rateBudget = RateBudget.inMemory();
    return new PolarClient(b, new SharedResources(), transport);
  }

  /**
   * The identity a budget counts a token under: the first 128 bits of its SHA-256, in hex, so that
   * neither memory nor a shared store ever holds the token.
   */
  static String budgetIdentity(String token) {
    return Attempts.budgetIdentity(token);
  }

  private PolarClient with(Consumer<ClientSettings> change) {
    ClientSettings b = settings.copy();
    change.accept(b);
    return new PolarClient(b, shared, injectedTransport);
  }

  /** Like {@link #with}, for a change the transport does not depend on: the copy shares it. */
  private PolarClient withSameTransport(Consumer<ClientSettings> change) {
    ClientSettings b = settings.copy();
    change.accept(b);
    return new PolarClient(b, shared, injectedTransport, transport);
  }

  /**
   * Sets the server: {@link #PRODUCTION_URL}, {@link #SANDBOX_URL}, or any Polar-compatible server
   * (self-hosted, or a test server). A plain {@code http://} URL is used only for a loopback host
   * (a literal IPv4 address in {@code 127.0.0.0/8}, {@code [::1]} or the name {@code localhost})
   * unless {@link #allowInsecureHttp(boolean)} is set; that combination is checked when the client
   * is used ({@link #licenseKeys(LicenseKeyQuery)}), so the order of the two calls does not matter.
   * Default: {@link #PRODUCTION_URL}.
   *
   * @param baseUrl an absolute {@code http} or {@code https} URL without user info, query or
   *     fragment, with a port from 1 to 65535 if any
   * @return a copy using that server
   * @throws IllegalArgumentException when the URL is not of that form
   */
  public PolarClient baseUrl(String baseUrl) {
    String normalized = normalizeBaseUrl(baseUrl);
    return with(b -> b.baseUrl = normalized);
  }

  /**
   * Sets a fixed customer (or member) session token, sent as {@code Authorization: Bearer}. Its
   * prefix is not checked. Default: none (Polar answers 401).
   *
   * @param token the token: visible ASCII characters only
   * @return a copy using the token
   * @throws IllegalArgumentException when empty, or holding a space, a control character (CR and LF
   *     included) or a non-ASCII character; the message never quotes the token
   */
  public PolarClient token(String token) {
    Objects.requireNonNull(token, "token");
    Mono<String> fixed = Mono.just(HeaderValues.require(token, "token", true));
    String identity = budgetIdentity(token);
    return withSameTransport(
        b -> {
          b.token = fixed;
          b.budgetIdentity = identity;
        });
  }

  /**
   * Sets a token supplier, subscribed to before every request (retries included), so a long-running
   * consumer can refresh sessions that expire after an hour. It sees the subscriber's {@link
   * reactor.util.context.Context}. The {@link #rateBudget(RateBudget) budget} counts every client
   * with a supplier as one identity, {@code supplier}, since refreshed tokens of one customer
   * differ.
   *
   * <p>A supplier that fails, completes empty, or emits a value that is not visible ASCII (empty,
   * with a space, a control character or a non-ASCII character) fails the listing with a {@link
   * PolarRequestException} naming the page, which is never retried; the supplier's own error is its
   * cause. A supplier that can fail transiently should retry on its own.
   *
   * @param token a {@code Mono} emitting the current token
   * @return a copy using the supplier
   */
  public PolarClient token(Mono<String> token) {
    Objects.requireNonNull(token, "token");
    return withSameTransport(
        b -> {
          b.token = token;
          b.budgetIdentity = ClientSettings.SUPPLIER_IDENTITY;
        });
  }

  /**
   * Sends a {@code Polar-Version} header, such as {@code 2026-04}. Default: none (the server's
   * default version).
   *
   * @param polarVersion the version, or {@code null} to send none
   * @return a copy sending it
   * @throws IllegalArgumentException when blank, or holding a control character (CR and LF
   *     included) or a non-ASCII character
   */
  public PolarClient polarVersion(String polarVersion) {
    if (polarVersion != null) {
      HeaderValues.require(polarVersion, "polarVersion", false);
    }
    return with(b -> b.polarVersion = polarVersion);
  }

  /**
   * Sets the {@code User-Agent}. Default: {@code polarflux/<version>}.
   *
   * @param userAgent the user agent
   * @return a copy sending it
   * @throws IllegalArgumentException when blank, or holding a control character (CR and LF
   *     included) or a non-ASCII character
   */
  public PolarClient userAgent(String userAgent) {
    Objects.requireNonNull(userAgent, "userAgent");
    HeaderValues.require(userAgent, "userAgent", false);
    return with(b -> b.userAgent = userAgent);
  }

  /**
   * Sets how many pages a listing may have in flight once the first page revealed {@code max_page}.
   * Keys are still delivered in page order, and pages are still requested only as downstream demand
   * (plus the {@link #readAhead(int) read-ahead}) needs them. Default: 1.
   *
   * @param concurrency 1 to 64
   * @return a copy with the setting
   */
  public PolarClient concurrency(int concurrency) {
    if (concurrency < 1 || concurrency > 64) {
      throw new IllegalArgumentException(
          "concurrency must be between 1 and 64, was: " + concurrency);
    }
    return with(b -> b.concurrency = concurrency);
  }

  /**
   * Sets how many pages a listing may fetch beyond those its subscriber's outstanding demand needs,
   * once the subscriber has requested: the prefetch of this source, replenished as keys are
   * delivered, like the prefetch of Reactor's {@code concatMap} or {@code publishOn}. Without it,
   * pages follow demand exactly, so a subscriber that requests in small batches ({@code flatMap(f,
   * 16)}, {@code concatMap}, {@code limitRate}, {@code buffer(n).concatMap(save)}) waits a round
   * trip for every page whatever {@link #concurrency(int)} says; with it, up to {@code min(pages,
   * concurrency)} pages are in flight while it drains the current one.
   *
   * <p>The cost: a subscriber that stops requesting, or cancels, may leave up to {@code pages}
   * requests sent (and counted against the rate budget) and their keys unused; cancelled or unused
   * keys go to Reactor's discard hook. The bound on memory is unchanged: a listing holds at most
   * {@code concurrency + 1} pages. Default: 0 (demand-exact: {@code take(n)} sends {@code ceil(n /
   * limit)} requests).
   *
   * @param pages 0 to 64; more than the concurrency acts as the concurrency
   * @return a copy with the setting
   */
  public PolarClient readAhead(int pages) {
    if (pages < 0 || pages > 64) {
      throw new IllegalArgumentException("readAhead must be between 0 and 64, was: " + pages);
    }
    return with(b -> b.readAhead = pages);
  }

  /**
   * Decodes each page while its body is still arriving and emits its keys at once, instead of
   * waiting for the whole body: the first key of a page arrives sooner, at most a network buffer
   * and one key are held per page, and back-pressure reaches the socket (a stalled subscriber stops
   * the reading of the page being delivered). With {@link #concurrency(int)} above 1 the later
   * pages in flight are read whole as they arrive and hold their keys until their turn, so a
   * listing holds at most {@code concurrency} pages of keys; {@link LicenseKeyFlux#byPage()} still
   * delivers whole pages.
   *
   * <p>A page that fails after some of its keys were delivered is retried as usual and resumed
   * after those keys; should the retried page no longer start with them, the listing fails with a
   * {@link PolarDriftException}. The response timeout then bounds each wait for the next key while
   * the subscriber wants one, rather than the whole body: a subscriber that pauses is never taken
   * for a server that stalls. Default: {@code false}.
   *
   * @param streaming whether to decode while the body arrives
   * @return a copy with the setting
   */
  public PolarClient streaming(boolean streaming) {
    return with(b -> b.streaming = streaming);
  }

  /**
   * Sets the limit for establishing a connection. Default: 10 seconds.
   *
   * @param connectTimeout a positive duration
   * @return a copy with the limit
   */
  public PolarClient connectTimeout(Duration connectTimeout) {
    requirePositive(connectTimeout, "connectTimeout");
    return with(b -> b.connectTimeout = connectTimeout);
  }

  /**
   * Sets the limit for one whole response, headers and body, per attempt, counted from when the
   * request is sent: waiting for a connection of the pool does not count. A response that takes
   * longer fails the attempt with a {@link PolarTimeoutException} of kind {@code RESPONSE}, which
   * is retried; once its status has arrived, with the error that status stands for instead. With
   * {@link #streaming(boolean)} it bounds each wait for the next key while the subscriber wants
   * one. Default: 30 seconds.
   *
   * @param responseTimeout a positive duration
   * @return a copy with the limit
   */
  public PolarClient responseTimeout(Duration responseTimeout) {
    requirePositive(responseTimeout, "responseTimeout");
    return with(b -> b.responseTimeout = responseTimeout);
  }

  /**
   * Bounds a whole listing, retries and back-off included: when it runs out, the listing stops
   * requesting and fails with a {@link PolarTimeoutException} of kind {@code DEADLINE}. Default:
   * none.
   *
   * @param deadline a positive duration, or {@code null} for none
   * @return a copy with the deadline
   */
  public PolarClient deadline(Duration deadline) {
    if (deadline != null) {
      requirePositive(deadline, "deadline");
    }
    return with(b -> b.deadline = deadline);
  }

  /**
   * Caps the size of one page's body; a larger body fails the page with a {@link
   * PolarDecodingException}. A full page of 100 keys is about 125 KiB. Default: 8 MiB.
   *
   * @param bytes 1 KiB or more
   * @return a copy with the cap
   */
  public PolarClient maxBodySize(int bytes) {
    if (bytes < 1024) {
      throw new IllegalArgumentException("maxBodySize must be at least 1024, was: " + bytes);
    }
    return with(b -> b.maxBodySize = bytes);
  }

  /**
   * Sets how many times a failed page is requested again: for 429, 500, 502, 503, 504, connection
   * failures and response timeouts; never for other statuses. {@code 0} disables retries. Default:
   * 3.
   *
   * @param maxRetries 0 or more
   * @return a copy with the setting
   */
  public PolarClient retries(int maxRetries) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, was: " + maxRetries);
    }
    return with(
        b -> {
          b.maxRetries = maxRetries;
          b.customRetry = null;
        });
  }

  /**
   * Sets the exponential back-off between attempts: {@code min × 2^retry}, at most {@code max},
   * each delay spread by the {@link #jitter(double) jitter} (±50 % by default). Default: 500 ms to
   * 30 seconds.
   *
   * @param min the base of the first delay (jitter may make a delay shorter), positive
   * @param max the largest delay, at least {@code min}
   * @return a copy with the back-off
   */
  public PolarClient backoff(Duration min, Duration max) {
    requirePositive(min, "min");
    requirePositive(max, "max");
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("max must be at least min, was: " + max + " < " + min);
    }
    return with(
        b -> {
          b.minBackoff = min;
          b.maxBackoff = max;
        });
  }

  /**
   * Sets how far each back-off delay is spread at random around its base, so that many clients
   * failing together do not retry together: a delay is {@code base × (1 ± jitter)}, never above the
   * back-off's {@code max}. Zero gives the exact {@code min × 2^retry} delays. A {@code
   * Retry-After} is never spread. Default: 0.5.
   *
   * @param jitter between 0 and 1
   * @return a copy with the jitter
   */
  public PolarClient jitter(double jitter) {
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, was: " + jitter);
    }
    return with(b -> b.jitter = jitter);
  }

  /**
   * Sets the longest {@code Retry-After} the client waits for. A {@code Retry-After} replaces the
   * computed back-off; one longer than this cap surfaces the 429 (or 503) at once instead. Polar
   * answers {@code Retry-After: 60} when a customer exceeds its budget. Default: 60 seconds.
   *
   * @param maxRetryAfter zero or more; zero never waits for a {@code Retry-After}
   * @return a copy with the cap
   */
  public PolarClient maxRetryAfter(Duration maxRetryAfter) {
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException(
          "maxRetryAfter must not be negative, was: " + maxRetryAfter);
    }
    return with(b -> b.maxRetryAfter = maxRetryAfter);
  }

  /**
   * Replaces the whole retry policy with a Reactor {@link Retry}, applied to each page on its own.
   * It sees the {@link PolarException} of each failed attempt and decides alone; when it gives up,
   * what it signals reaches the subscriber (Reactor's specs wrap the last error in an exhausted
   * exception unless told otherwise).
   *
   * @param retry the policy
   * @return a copy using it
   */
  public PolarClient retry(Retry retry) {
    Objects.requireNonNull(retry, "retry");
    return with(b -> b.customRetry = retry);
  }

  /**
   * Allows plain {@code http://} to hosts other than loopback, which exposes the token on the
   * network. Checked with the base URL when the client is used, whichever was set first. Default:
   * {@code false}.
   *
   * @param allow whether to allow it
   * @return a copy with the setting
   */
  public PolarClient allowInsecureHttp(boolean allow) {
    return with(b -> b.allowInsecureHttp = allow);
  }

  /**
   * Sets what happens when the listing changes while it is read. Default: {@link
   * DriftPolicy#TOLERATE}.
   *
   * @param driftPolicy the policy
   * @return a copy with the policy
   */
  public PolarClient driftPolicy(DriftPolicy driftPolicy) {
    Objects.requireNonNull(driftPolicy, "driftPolicy");
    return with(b -> b.driftPolicy = driftPolicy);
  }

  /**
   * Drops keys whose id was already delivered by the same listing, which offset paging repeats when
   * keys are created while it runs. Costs one id per delivered key in memory. Default: {@code
   * false}.
   *
   * @param drop whether to drop repeats
   * @return a copy with the setting
   */
  public PolarClient dropDuplicates(boolean drop) {
    return with(b -> b.dropDuplicates = drop);
  }

  /**
   * Sets the client-side request budget: no span of a minute holds more than {@code
   * requestsPerMinute} requests of this client's token, counted in the {@link
   * #rateBudget(RateBudget) rate budget} with every listing of this client and of the clients
   * derived from the same {@link #create()}, so that a burst of listings waits instead of earning
   * Polar's 60-second 429. Up to the budget goes at once; further requests wait for the oldest of
   * the last {@code requestsPerMinute} to be a minute and a second old. A 429 with {@code
   * Retry-After} pauses the token's budget for that long (at most {@link
   * #maxRetryAfter(Duration)}). Polar allows 500 requests a minute in production and 100 in the
   * sandbox. Default: {@value #PRODUCTION_RATE_LIMIT}.
   *
   * @param requestsPerMinute 1 or more, or 0 for no budget
   * @return a copy with the budget
   */
  public PolarClient rateLimit(int requestsPerMinute) {
    if (requestsPerMinute < 0) {
      throw new IllegalArgumentException(
          "requestsPerMinute must not be negative, was: " + requestsPerMinute);
    }
    RateZone zone = requestsPerMinute == 0 ? null : RateZone.api(requestsPerMinute);
    return with(b -> b.rateZone = zone);
  }

  /**
   * Sets the budget of the customer portal's key operations ({@link
   * CustomerPortalLicenseKeys#validate}, {@code activate}, {@code deactivate}): at most this many
   * requests in any second, counted for every request without a token, in the same {@link
   * #rateBudget(RateBudget) budget}. Polar allows 3, and blocks every {@code /v1} request of a
   * caller that goes over it for 60 seconds. Default: {@value #KEY_OPERATIONS_RATE_LIMIT}.
   *
   * @param requestsPerSecond 1 or more, or 0 for no budget
   * @return a copy with the budget
   */
  public PolarClient keyOperationsRateLimit(int requestsPerSecond) {
    if (requestsPerSecond < 0) {
      throw new IllegalArgumentException(
          "requestsPerSecond must not be negative, was: " + requestsPerSecond);
    }
    RateZone zone =
        requestsPerSecond == 0 ? null : RateZone.customerPortalKeyOperations(requestsPerSecond);
    return withSameTransport(b -> b.keyOperationZone = zone);
  }

  /** Sets the zone of every request, with its limit and window, or {@code null} for no budget. */
  PolarClient rateZone(RateZone zone) {
    return with(b -> b.rateZone = zone);
  }

  /**
   * Sets where the request budget is counted. Default: one {@link RateBudget#inMemory()} budget for
   * every client derived from one {@link #create()}. A {@code dev.polarflux.redis.RedisRateBudget}
   * shares it between processes: replicas that use one token then stay within one budget together.
   * Counts are kept per token, under a hash of it.
   *
   * @param budget the budget
   * @return a copy counting its requests there
   */
  public PolarClient rateBudget(RateBudget budget) {
    Objects.requireNonNull(budget, "budget");
    return with(b -> b.rateBudget = budget);
  }

  /**
   * Sets the scheduler that times back-off, {@code Retry-After}, timeouts and the deadline.
   * Default: {@link reactor.core.scheduler.Schedulers#parallel()}, looked up at subscription, so
   * {@code StepVerifier.withVirtualTime} controls it.
   *
   * @param scheduler the scheduler
   * @return a copy using it
   */
  public PolarClient scheduler(Scheduler scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    return with(b -> b.scheduler = scheduler);
  }

  /**
   * Sets a listener told about each page, retry and failure. Default: none.
   *
   * @param listener the listener
   * @return a copy using it
   */
  public PolarClient listener(PolarListener listener) {
    Objects.requireNonNull(listener, "listener");
    return with(b -> b.listener = listener);
  }

  /**
   * Records Reactor Netty's own HTTP client metrics ({@code reactor.netty.http.client.*}) in
   * Micrometer's global registry, and its client observations for tracing. The {@code uri} tag is
   * the path template {@code /v1/customer-portal/license-keys/}, without the query, so neither the
   * page number nor any other parameter multiplies the meters. Needs {@code
   * io.micrometer:micrometer-core} on the class path. Default: {@code false}.
   *
   * @param metrics whether to record them
   * @return a copy with the setting
   * @throws IllegalStateException when {@code metrics} is {@code true} and Micrometer is missing
   */
  public PolarClient metrics(boolean metrics) {
    if (metrics && !micrometerPresent()) {
      throw new IllegalStateException(
          "metrics(true) needs io.micrometer:micrometer-core on the class path");
    }
    return with(b -> b.metrics = metrics);
  }

  /**
   * Lists every license key of the session's customer, 100 per page.
   *
   * @return a cold listing: nothing is requested before subscription
   */
  public LicenseKeyFlux licenseKeys() {
    return licenseKeys(LicenseKeyQuery.create());
  }

  /**
   * Lists the license keys a query selects.
   *
   * @param query the query
   * @return a cold listing: nothing is requested before subscription
   * @throws IllegalStateException when the client was closed
   */
  public LicenseKeyFlux licenseKeys(LicenseKeyQuery query) {
    return listing(query);
  }

  /**
   * Returns an organization's license keys: the organization listing and the organization's key
   * operations, for an organization access token ({@code polar_oat_…}) or a personal access token.
   *
   * <pre>{@code
   * PolarClient polar = PolarClient.create().token(System.getenv("POLAR_ACCESS_TOKEN"));
   * polar.organization().list(OrganizationKeyQuery.create().statuses(LicenseKeyStatus.GRANTED));
   * polar.organization().validate(LicenseKeyValidate.of(key, organizationId));
   * }</pre>
   *
   * @return the organization scope of this client
   * @throws IllegalStateException when the client was closed, or has no token
   */
  public OrganizationLicenseKeys organization() {
    checkUsable();
    if (settings.token == null) {
      throw new IllegalStateException(
          "the organization's license keys need a token: an organization access token or a"
              + " personal access token");
    }
    return new OrganizationLicenseKeys(this, new Operations(settings, transport()));
  }

  /**
   * Returns the customer portal's license keys: a customer's listing and key (with a customer
   * session token), and the token-less {@code validate}, {@code activate} and {@code deactivate}
   * that desktop applications call with a license key.
   *
   * @return the customer-portal scope of this client
   * @throws IllegalStateException when the client was closed
   */
  public CustomerPortalLicenseKeys customerPortal() {
    checkUsable();
    return new CustomerPortalLicenseKeys(this, new Operations(settings, transport()));
  }

  /** A listing in either scope. */
  LicenseKeyFlux listing(ListingQuery query) {
    Objects.requireNonNull(query, "query");
    checkUsable();
    return new LicenseKeyFlux(new PageSource(settings, transport(), query), query);
  }

  private void checkUsable() {
    if (shared.closed()) {
      throw closedError();
    }
    checkInsecureHttp(settings.baseUrl, settings.allowInsecureHttp);
  }

  /** Connections of this client's pool that are in use right now. */
  int acquiredConnections() {
    return shared.acquiredConnections();
  }

  /** Returns the base URL this client talks to. */
  String baseUrl() {
    return settings.baseUrl;
  }

  ClientSettings settings() {
    return settings;
  }

  static IllegalStateException closedError() {
    return SharedResources.closedError();
  }

  /**
   * Closes the connection pool shared by this client and the clients derived from it. Listings made
   * afterwards, and pages requested afterwards by listings made before, fail with an {@link
   * IllegalStateException}.
   */
  @Override
  public void close() {
    shared.dispose();
  }

  /** Describes the client; the token is never shown. */
  @Override
  public String toString() {
    return "PolarClient[baseUrl="
        + settings.baseUrl
        + ", token="
        + (settings.token == null ? "none" : "<redacted>")
        + ", polarVersion="
        + settings.polarVersion
        + ", concurrency="
        + settings.concurrency
        + (settings.readAhead > 0 ? ", readAhead=" + settings.readAhead : "")
        + (settings.streaming ? ", streaming" : "")
        + (settings.metrics ? ", metrics" : "")
        + ", retries="
        + (settings.customRetry != null ? "custom" : settings.maxRetries)
        + ", responseTimeout="
        + settings.responseTimeout
        + ", rateLimit="
        + (settings.rateZone == null
            ? "off"
            : settings.rateZone.limit() + "/min in " + settings.rateBudget)
        + "]";
  }

  PageTransport transport() {
    if (injectedTransport != null) {
      return injectedTransport;
    }
    return transport.get(shared, settings);
  }

  /** A transport made once, by the first copy that lists. */
  private static final class LazyTransport {
    private volatile PageTransport transport;

    PageTransport get(SharedResources shared, ClientSettings settings) {
      PageTransport t = transport;
      if (t == null) {
        synchronized (this) {
          t = transport;
          if (t == null) {
            t = NettyPageTransport.create(shared, settings);
            transport = t;
          }
        }
      }
      return t;
    }
  }

  private static boolean micrometerPresent() {
    try {
      Class.forName(
          "io.micrometer.core.instrument.MeterRegistry", false, PolarClient.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was: " + d);
    }
  }

  static String normalizeBaseUrl(String baseUrl) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    URI uri;
    try {
      uri = new URI(baseUrl.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "baseUrl must be an absolute http(s) URL, was: " + describeUrl(baseUrl));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "baseUrl must be an absolute http(s) URL, was: " + describeUrl(baseUrl));
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "baseUrl must not have user info, a query or a fragment, was: "
              + uri.getScheme()
              + "://"
              + uri.getHost()
              + "/...");
    }
    if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
      throw new IllegalArgumentException(
          "baseUrl must have a port from 1 to 65535, was: " + uri.getPort());
    }
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  /** A URL for an error message: control characters shown as escapes, at most 100 characters. */
  private static String describeUrl(String url) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < url.length() && sb.length() < 100; i++) {
      char c = url.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.length() < url.length() ? sb + "..." : sb.toString();
  }

  /**
   * Refuses plain HTTP to a host that is not loopback, unless allowed.
   *
   * @throws IllegalStateException naming the host
   */
  static void checkInsecureHttp(String baseUrl, boolean allowInsecureHttp) {
    URI uri = URI.create(baseUrl);
    if (uri.getScheme().equalsIgnoreCase("http")
        && !allowInsecureHttp
        && !isLoopback(uri.getHost())) {
      throw new IllegalStateException(
          "baseUrl uses plain http to "
              + uri.getHost()
              + ", which would expose the token; use https or allowInsecureHttp(true)");
    }
  }

  /**
   * Loopback by its literal form alone, never by a name lookup: a literal IPv4 address in {@code
   * 127.0.0.0/8}, the IPv6 {@code ::1}, or the name {@code localhost}.
   */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("[::1]") || h.equals("::1")) {
      return true;
    }
    String[] octets = h.split("\\.", -1);
    if (octets.length != 4 || !octets[0].equals("127")) {
      return false;
    }
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }
}
