package dev.polarflux.spring;

import dev.polarflux.DriftPolicy;
import dev.polarflux.PolarClient;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code polarflux.*} configuration properties of the auto-configured {@link PolarClient}. Each
 * one maps to the {@code PolarClient} method of the same name, with the same default and the same
 * checks; a property left unset keeps the client's default.
 *
 * <p>{@link #toString()} never shows the token, and the auto-configuration masks {@code
 * polarflux.token} in the actuator's {@code env} and {@code configprops} endpoints.
 */
// Spring is required statically, not transitively: an application using this package has Spring.
@SuppressWarnings("exports")
@ConfigurationProperties("polarflux")
public class PolarProperties {

  /**
   * The server: https://api.polar.sh, https://sandbox-api.polar.sh, or a Polar-compatible server.
   * Plain http:// only to loopback unless allow-insecure-http is set.
   */
  private String baseUrl = "https://api.polar.sh";

  /**
   * The customer (or member) session token, sent as Authorization: Bearer. Without it Polar answers
   * 401; a token that expires is better supplied through a PolarClientCustomizer calling
   * token(Mono).
   */
  private String token;

  /** The Polar-Version header, such as 2026-04; none by default (the server's default version). */
  private String polarVersion;

  /** The User-Agent; polarflux/<version> by default. */
  private String userAgent;

  /** How many pages a listing may have in flight, 1 to 64. */
  private int concurrency = 1;

  /** How many pages a listing may fetch beyond its subscriber's demand, 0 to 64. */
  private int readAhead = 0;

  /** Whether each page is decoded while its body arrives, its keys emitted at once. */
  private boolean streaming = false;

  /** The limit for establishing a connection. */
  private Duration connectTimeout = Duration.ofSeconds(10);

  /** The limit for one whole response, headers and body, per attempt. */
  private Duration responseTimeout = Duration.ofSeconds(30);

  /** The bound on a whole listing, retries and back-off included; none by default. */
  private Duration deadline;

  /** The largest body of one page, at least 1KB. */
  private DataSize maxBodySize = DataSize.ofMegabytes(8);

  /**
   * How many times a failed page is requested again (429, 5xx, connection failures, response
   * timeouts); 0 disables retries.
   */
  private int retries = 3;

  /** The exponential back-off between attempts. */
  private final Backoff backoff = new Backoff();

  /**
   * The longest Retry-After the client waits for; a longer one surfaces the 429 (or 503) at once.
   */
  private Duration maxRetryAfter = Duration.ofSeconds(60);

  /**
   * Whether plain http:// is allowed to hosts other than loopback, which exposes the token on the
   * network.
   */
  private boolean allowInsecureHttp = false;

  /** What happens when the listing changes while it is read. */
  private DriftPolicy driftPolicy = DriftPolicy.TOLERATE;

  /** Whether keys already delivered by the same listing are dropped. */
  private boolean dropDuplicates = false;

  /**
   * The client-side request budget per token, in requests a minute; 0 for none. Polar allows 500 in
   * production and 100 in the sandbox.
   */
  private int rateLimit = 500;

  /**
   * The budget of the customer portal's key operations (validate, activate, deactivate without a
   * token), in requests a second; 0 for none. Polar allows 3, and blocks a caller that goes over it
   * for 60 seconds.
   */
  private int keyOperationsRateLimit = 3;

  /** Micrometer metrics and observations. */
  private final Metrics metrics = new Metrics();

  /** The HTTP answers of a web application to Polar's errors. */
  private final ProblemDetails problemDetails = new ProblemDetails();

  /** Creates the properties with {@link PolarClient}'s defaults. */
  public PolarProperties() {}

  /**
   * Returns the base URL.
   *
   * @return the base URL
   */
  public String getBaseUrl() {
    return baseUrl;
  }

  /**
   * Sets the server.
   *
   * @param baseUrl the base URL
   */
  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * Returns the token, or null.
   *
   * @return the token, or null
   */
  public String getToken() {
    return token;
  }

  /**
   * Sets the token.
   *
   * @param token the token
   */
  public void setToken(String token) {
    this.token = token;
  }

  /**
   * Returns the version, or null.
   *
   * @return the version, or null
   */
  public String getPolarVersion() {
    return polarVersion;
  }

  /**
   * Sets the Polar-Version header.
   *
   * @param polarVersion the version
   */
  public void setPolarVersion(String polarVersion) {
    this.polarVersion = polarVersion;
  }

  /**
   * Returns the user agent, or null for the default.
   *
   * @return the user agent, or null for the default
   */
  public String getUserAgent() {
    return userAgent;
  }

  /**
   * Sets the User-Agent.
   *
   * @param userAgent the user agent
   */
  public void setUserAgent(String userAgent) {
    this.userAgent = userAgent;
  }

  /**
   * Returns the concurrency.
   *
   * @return the concurrency
   */
  public int getConcurrency() {
    return concurrency;
  }

  /**
   * Sets how many pages a listing may have in flight.
   *
   * @param concurrency 1 to 64
   */
  public void setConcurrency(int concurrency) {
    this.concurrency = concurrency;
  }

  /**
   * Returns the read-ahead in pages.
   *
   * @return the read-ahead in pages
   */
  public int getReadAhead() {
    return readAhead;
  }

  /**
   * Sets the read-ahead.
   *
   * @param readAhead 0 to 64 pages
   */
  public void setReadAhead(int readAhead) {
    this.readAhead = readAhead;
  }

  /**
   * Returns whether listings stream.
   *
   * @return whether listings stream
   */
  public boolean isStreaming() {
    return streaming;
  }

  /**
   * Sets whether each page is decoded while its body arrives.
   *
   * @param streaming whether listings stream
   */
  public void setStreaming(boolean streaming) {
    this.streaming = streaming;
  }

  /**
   * Returns the connect timeout.
   *
   * @return the connect timeout
   */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /**
   * Sets the limit for establishing a connection.
   *
   * @param connectTimeout a positive duration
   */
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /**
   * Returns the response timeout.
   *
   * @return the response timeout
   */
  public Duration getResponseTimeout() {
    return responseTimeout;
  }

  /**
   * Sets the limit for one whole response.
   *
   * @param responseTimeout a positive duration
   */
  public void setResponseTimeout(Duration responseTimeout) {
    this.responseTimeout = responseTimeout;
  }

  /**
   * Returns the deadline, or null.
   *
   * @return the deadline, or null
   */
  public Duration getDeadline() {
    return deadline;
  }

  /**
   * Sets the bound on a whole listing.
   *
   * @param deadline a positive duration, or null for none
   */
  public void setDeadline(Duration deadline) {
    this.deadline = deadline;
  }

  /**
   * Returns the cap.
   *
   * @return the cap
   */
  public DataSize getMaxBodySize() {
    return maxBodySize;
  }

  /**
   * Sets the largest body of one page.
   *
   * @param maxBodySize 1KB or more
   */
  public void setMaxBodySize(DataSize maxBodySize) {
    this.maxBodySize = maxBodySize;
  }

  /**
   * Returns the retries.
   *
   * @return the retries
   */
  public int getRetries() {
    return retries;
  }

  /**
   * Sets how many times a failed page is requested again.
   *
   * @param retries 0 or more
   */
  public void setRetries(int retries) {
    this.retries = retries;
  }

  /**
   * Returns the back-off settings.
   *
   * @return the back-off settings
   */
  public Backoff getBackoff() {
    return backoff;
  }

  /**
   * Returns the cap.
   *
   * @return the cap
   */
  public Duration getMaxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Sets the longest Retry-After the client waits for.
   *
   * @param maxRetryAfter zero or more
   */
  public void setMaxRetryAfter(Duration maxRetryAfter) {
    this.maxRetryAfter = maxRetryAfter;
  }

  /**
   * Returns whether it is allowed.
   *
   * @return whether it is allowed
   */
  public boolean isAllowInsecureHttp() {
    return allowInsecureHttp;
  }

  /**
   * Sets whether plain http:// is allowed to hosts other than loopback.
   *
   * @param allowInsecureHttp whether to allow it
   */
  public void setAllowInsecureHttp(boolean allowInsecureHttp) {
    this.allowInsecureHttp = allowInsecureHttp;
  }

  /**
   * Returns the policy.
   *
   * @return the policy
   */
  public DriftPolicy getDriftPolicy() {
    return driftPolicy;
  }

  /**
   * Sets what happens when the listing changes while it is read.
   *
   * @param driftPolicy the policy
   */
  public void setDriftPolicy(DriftPolicy driftPolicy) {
    this.driftPolicy = driftPolicy;
  }

  /**
   * Returns whether repeats are dropped.
   *
   * @return whether repeats are dropped
   */
  public boolean isDropDuplicates() {
    return dropDuplicates;
  }

  /**
   * Sets whether keys already delivered by the same listing are dropped.
   *
   * @param dropDuplicates whether to drop repeats
   */
  public void setDropDuplicates(boolean dropDuplicates) {
    this.dropDuplicates = dropDuplicates;
  }

  /**
   * Returns the budget.
   *
   * @return the budget
   */
  public int getRateLimit() {
    return rateLimit;
  }

  /**
   * Sets the client-side request budget.
   *
   * @param rateLimit requests a minute, or 0 for none
   */
  public void setRateLimit(int rateLimit) {
    this.rateLimit = rateLimit;
  }

  /**
   * Returns the budget of the customer portal's key operations.
   *
   * @return requests a second, or 0 for none
   */
  public int getKeyOperationsRateLimit() {
    return keyOperationsRateLimit;
  }

  /**
   * Sets the budget of the customer portal's key operations.
   *
   * @param keyOperationsRateLimit requests a second, or 0 for none
   */
  public void setKeyOperationsRateLimit(int keyOperationsRateLimit) {
    this.keyOperationsRateLimit = keyOperationsRateLimit;
  }

  /**
   * Returns the metrics settings.
   *
   * @return the metrics settings
   */
  public Metrics getMetrics() {
    return metrics;
  }

  /**
   * Returns the problem-details settings.
   *
   * @return the problem-details settings
   */
  public ProblemDetails getProblemDetails() {
    return problemDetails;
  }

  /** Describes the properties; the token is never shown. */
  @Override
  public String toString() {
    return "PolarProperties[baseUrl="
        + baseUrl
        + ", token="
        + (token == null ? "none" : "<redacted>")
        + ", polarVersion="
        + polarVersion
        + ", concurrency="
        + concurrency
        + ", readAhead="
        + readAhead
        + ", streaming="
        + streaming
        + ", retries="
        + retries
        + ", rateLimit="
        + rateLimit
        + ", keyOperationsRateLimit="
        + keyOperationsRateLimit
        + "]";
  }

  /** The exponential back-off between attempts: min × 2^retry, at most max. */
  public static class Backoff {

    /** The base of the first delay. */
    private Duration min = Duration.ofMillis(500);

    /** The largest delay. */
    private Duration max = Duration.ofSeconds(30);

    /** Creates the back-off settings with {@link PolarClient}'s defaults. */
    public Backoff() {}

    /**
     * Returns the minimum back-off.
     *
     * @return the minimum back-off
     */
    public Duration getMin() {
      return min;
    }

    /**
     * Sets the base of the first delay.
     *
     * @param min a positive duration
     */
    public void setMin(Duration min) {
      this.min = min;
    }

    /**
     * Returns the maximum back-off.
     *
     * @return the maximum back-off
     */
    public Duration getMax() {
      return max;
    }

    /**
     * Sets the largest delay.
     *
     * @param max at least the minimum
     */
    public void setMax(Duration max) {
      this.max = max;
    }
  }

  /** Micrometer metrics and observations, used when Micrometer and its registries are present. */
  public static class Metrics {

    /**
     * Whether the client records polarflux.* meters in the application's MeterRegistry, when there
     * is one.
     */
    private boolean enabled = true;

    /**
     * Whether each page request is a polarflux.page observation in the application's *
     * ObservationRegistry, when there is one.
     */
    private boolean observations = true;

    /**
     * Whether Reactor Netty's own reactor.netty.http.client.* meters are recorded, in Micrometer's
     * global registry (where Spring Boot adds its registries).
     */
    private boolean httpClient = false;

    /** Creates the metrics settings with their defaults. */
    public Metrics() {}

    /**
     * Returns whether meters are recorded.
     *
     * @return whether meters are recorded
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether the client records polarflux.* meters.
     *
     * @param enabled whether meters are recorded
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Returns whether observations are made.
     *
     * @return whether observations are made
     */
    public boolean isObservations() {
      return observations;
    }

    /**
     * Sets whether each page request is an observation.
     *
     * @param observations whether observations are made
     */
    public void setObservations(boolean observations) {
      this.observations = observations;
    }

    /**
     * Returns whether they are recorded.
     *
     * @return whether they are recorded
     */
    public boolean isHttpClient() {
      return httpClient;
    }

    /**
     * Sets whether Reactor Netty's own client meters are recorded.
     *
     * @param httpClient whether they are recorded
     */
    public void setHttpClient(boolean httpClient) {
      this.httpClient = httpClient;
    }
  }

  /** The HTTP answers of a web application to Polar's errors: see {@link PolarProblemDetails}. */
  public static class ProblemDetails {

    /** Whether a PolarException reaching a controller is answered with a problem detail. */
    private boolean enabled = true;

    /**
     * The status answering Polar's 401 and 403: Polar's own by default, as a customer portal lists
     * with its caller's Polar session, which the caller can renew; 502 (Bad Gateway) suits an
     * application whose token is its own server credential.
     */
    private Integer unauthorizedStatus;

    /** Creates the problem-details settings with their defaults. */
    public ProblemDetails() {}

    /**
     * Returns whether the handler is registered.
     *
     * @return whether the handler is registered
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Sets whether a PolarException reaching a controller is answered with a problem detail.
     *
     * @param enabled whether the handler is registered
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Returns the status, {@code null} for Polar's own.
     *
     * @return the status
     */
    public Integer getUnauthorizedStatus() {
      return unauthorizedStatus;
    }

    /**
     * Sets the status answering Polar's 401 and 403.
     *
     * @param unauthorizedStatus a 4xx or 5xx status
     */
    public void setUnauthorizedStatus(Integer unauthorizedStatus) {
      this.unauthorizedStatus = unauthorizedStatus;
    }
  }
}
