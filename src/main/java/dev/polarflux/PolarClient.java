package dev.polarflux;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
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

  private final ClientSettings settings;
  private final SharedResources shared;
  private final PageTransport injectedTransport;
  private volatile PageTransport transport;

  private PolarClient(
      ClientSettings settings, SharedResources shared, PageTransport injectedTransport) {
    this.settings = settings;
    this.shared = shared;
    this.injectedTransport = injectedTransport;
  }

  /**
   * Creates a client for Polar's production API with no token, a budget of {@value
   * #PRODUCTION_RATE_LIMIT} requests a minute, and the defaults each method documents.
   *
   * @return a new client with its own connection pool
   */
  public static PolarClient create() {
    ClientSettings.Builder b = ClientSettings.DEFAULTS.toBuilder();
    b.rateZone = RateZone.api(PRODUCTION_RATE_LIMIT);
    b.rateBudget = RateBudget.inMemory();
    return new PolarClient(b.build(), new SharedResources(), null);
  }

  /** A client whose pages come from {@code transport}: for tests of the paging logic. */
  static PolarClient create(PageTransport transport) {
    ClientSettings.Builder b = ClientSettings.DEFAULTS.toBuilder();
    b.rateBudget = RateBudget.inMemory();
    return new PolarClient(b.build(), new SharedResources(), transport);
  }

  /**
   * The identity a budget counts a token under: the first 128 bits of its SHA-256, in hex, so that
   * neither memory nor a shared store ever holds the token.
   */
  static String budgetIdentity(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private PolarClient with(Consumer<ClientSettings.Builder> change) {
    ClientSettings.Builder b = settings.toBuilder();
    change.accept(b);
    return new PolarClient(b.build(), shared, injectedTransport);
  }

  /**
   * Sets the server: {@link #PRODUCTION_URL}, {@link #SANDBOX_URL}, or any Polar-compatible server
   * (self-hosted, or a test server). A plain {@code http://} URL is accepted only for a loopback
   * host unless {@link #allowInsecureHttp(boolean)} is set. Default: {@link #PRODUCTION_URL}.
   *
   * @param baseUrl an absolute {@code http} or {@code https} URL without query or fragment
   * @return a copy using that server
   * @throws IllegalArgumentException when the URL is not of that form, or is plain HTTP to a
   *     non-loopback host without {@code allowInsecureHttp}
   */
  public PolarClient baseUrl(String baseUrl) {
    String normalized = normalizeBaseUrl(baseUrl, settings.allowInsecureHttp());
    return with(b -> b.baseUrl = normalized);
  }

  /**
   * Sets a fixed customer (or member) session token, sent as {@code Authorization: Bearer}. Its
   * prefix is not checked. Default: none (Polar answers 401).
   *
   * @param token the token
   * @return a copy using the token
   * @throws IllegalArgumentException when blank
   */
  public PolarClient token(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    Mono<String> fixed = Mono.just(token);
    String identity = budgetIdentity(token);
    return with(
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
   * @param token a {@code Mono} emitting the current token; an empty {@code Mono} fails the page
   * @return a copy using the supplier
   */
  public PolarClient token(Mono<String> token) {
    Objects.requireNonNull(token, "token");
    return with(
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
   */
  public PolarClient polarVersion(String polarVersion) {
    if (polarVersion != null && polarVersion.isBlank()) {
      throw new IllegalArgumentException("polarVersion must not be blank");
    }
    return with(b -> b.polarVersion = polarVersion);
  }

  /**
   * Sets the {@code User-Agent}. Default: {@code polarflux/<version>}.
   *
   * @param userAgent the user agent
   * @return a copy sending it
   */
  public PolarClient userAgent(String userAgent) {
    Objects.requireNonNull(userAgent, "userAgent");
    if (userAgent.isBlank()) {
      throw new IllegalArgumentException("userAgent must not be blank");
    }
    return with(b -> b.userAgent = userAgent);
  }

  /**
   * Sets how many pages a listing may have in flight once the first page revealed {@code max_page}.
   * Keys are still delivered in page order, and pages are still requested only as downstream demand
   * needs them. Default: 1.
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
   * Decodes each page while its body is still arriving and emits its keys at once, instead of
   * waiting for the whole body: the first key of a page arrives sooner, at most a network buffer
   * and one key are held per page, and back-pressure reaches the socket (a stalled subscriber stops
   * the reading). Pages are then fetched one at a time, whatever {@link #concurrency(int)} says;
   * {@link LicenseKeyFlux#byPage()} still delivers whole pages.
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
   * Sets the limit for one whole response, headers and body, per attempt. A response that takes
   * longer fails the attempt with a {@link PolarTimeoutException} of kind {@code RESPONSE}, which
   * is retried. With {@link #streaming(boolean)} it bounds each wait for the next key while the
   * subscriber wants one. Default: 30 seconds.
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
   * with ±50 % jitter. Default: 500 ms to 30 seconds.
   *
   * @param min the first delay, positive
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
   * network. Default: {@code false}.
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
    Objects.requireNonNull(query, "query");
    if (shared.closed()) {
      throw closedError();
    }
    return new LicenseKeyFlux(new PageSource(settings, transport(), query), query);
  }

  /** Connections of this client's pool that are in use right now. */
  int acquiredConnections() {
    return shared.acquiredConnections();
  }

  /** Returns the base URL this client talks to. */
  String baseUrl() {
    return settings.baseUrl();
  }

  ClientSettings settings() {
    return settings;
  }

  static IllegalStateException closedError() {
    return new IllegalStateException("the PolarClient is closed");
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
        + settings.baseUrl()
        + ", token="
        + (settings.token() == null ? "none" : "<redacted>")
        + ", polarVersion="
        + settings.polarVersion()
        + ", concurrency="
        + settings.concurrency()
        + (settings.streaming() ? ", streaming" : "")
        + (settings.metrics() ? ", metrics" : "")
        + ", retries="
        + (settings.customRetry() != null ? "custom" : settings.maxRetries())
        + ", responseTimeout="
        + settings.responseTimeout()
        + ", rateLimit="
        + (settings.rateZone() == null
            ? "off"
            : settings.rateZone().limit() + "/min in " + settings.rateBudget())
        + "]";
  }

  private PageTransport transport() {
    if (injectedTransport != null) {
      return injectedTransport;
    }
    PageTransport t = transport;
    if (t == null) {
      synchronized (this) {
        t = transport;
        if (t == null) {
          HttpClient http =
              HttpClient.create(shared.provider())
                  .disableRetry(true)
                  .followRedirect(false)
                  .compress(true)
                  .metrics(settings.metrics(), uri -> NettyPageTransport.PATH)
                  .option(
                      ChannelOption.CONNECT_TIMEOUT_MILLIS,
                      (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
          t =
              new NettyPageTransport(
                  shared,
                  http,
                  settings.baseUrl(),
                  settings.polarVersion(),
                  settings.userAgent(),
                  settings.maxBodySize());
          transport = t;
        }
      }
    }
    return t;
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

  static String normalizeBaseUrl(String baseUrl, boolean allowInsecureHttp) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    URI uri;
    try {
      uri = new URI(baseUrl.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "baseUrl must be an absolute http(s) URL, was: " + baseUrl);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "baseUrl must be an absolute http(s) URL, was: " + baseUrl);
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "baseUrl must not have user info, a query or a fragment, was: "
              + uri.getScheme()
              + "://"
              + uri.getHost()
              + "/...");
    }
    if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(uri.getHost())) {
      throw new IllegalArgumentException(
          "baseUrl uses plain http to "
              + uri.getHost()
              + ", which would expose the token; use https or allowInsecureHttp(true)");
    }
    String s = uri.toString();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.startsWith("127.")
        || h.equals("[::1]")
        || h.equals("::1");
  }

  /** What all clients derived from one {@link #create()} share. */
  static final class SharedResources {
    private volatile ConnectionProvider provider;
    private volatile boolean closed;
    private final PoolGauges pools = new PoolGauges();

    /** Connections handed out and not yet returned, over every remote address. */
    int acquiredConnections() {
      return pools.acquired();
    }

    boolean closed() {
      return closed;
    }

    ConnectionProvider provider() {
      ConnectionProvider p = provider;
      if (p == null) {
        synchronized (this) {
          if (closed) {
            throw closedError();
          }
          p = provider;
          if (p == null) {
            p =
                ConnectionProvider.builder("polarflux")
                    .maxConnections(64)
                    .pendingAcquireMaxCount(-1)
                    .maxIdleTime(Duration.ofSeconds(20))
                    .evictInBackground(Duration.ofSeconds(30))
                    .metrics(true, () -> pools)
                    .build();
            provider = p;
          }
        }
      }
      return p;
    }

    void dispose() {
      ConnectionProvider p;
      synchronized (this) {
        closed = true;
        p = provider;
      }
      if (p != null) {
        p.dispose();
      }
    }
  }
}
