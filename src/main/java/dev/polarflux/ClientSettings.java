package dev.polarflux;

import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/** Everything a {@link PolarClient} is configured with; copied, never changed. */
record ClientSettings(
    String baseUrl,
    Mono<String> token,
    String polarVersion,
    String userAgent,
    int concurrency,
    boolean streaming,
    Duration connectTimeout,
    Duration responseTimeout,
    Duration deadline,
    int maxBodySize,
    int maxRetries,
    Duration minBackoff,
    Duration maxBackoff,
    double jitter,
    Duration maxRetryAfter,
    Retry customRetry,
    boolean allowInsecureHttp,
    DriftPolicy driftPolicy,
    boolean dropDuplicates,
    Scheduler scheduler,
    PolarListener listener,
    RateBudget rateBudget,
    RateZone rateZone,
    String budgetIdentity,
    boolean metrics,
    int readAhead) {

  /** The budget identity of a client without a token. */
  static final String NO_TOKEN_IDENTITY = "none";

  /** The budget identity of a client whose token comes from a supplier. */
  static final String SUPPLIER_IDENTITY = "supplier";

  static final ClientSettings DEFAULTS =
      new ClientSettings(
          PolarClient.PRODUCTION_URL,
          null,
          null,
          "polarflux/" + Version.VERSION,
          1,
          false,
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          null,
          8 * 1024 * 1024,
          3,
          Duration.ofMillis(500),
          Duration.ofSeconds(30),
          0.5,
          Duration.ofSeconds(60),
          null,
          false,
          DriftPolicy.TOLERATE,
          false,
          null,
          PolarListener.NONE,
          null,
          null,
          NO_TOKEN_IDENTITY,
          false,
          0);

  /** Leaves the token out. */
  @Override
  public String toString() {
    return "ClientSettings[baseUrl="
        + baseUrl
        + ", token="
        + (token == null ? "none" : "<redacted>")
        + ", concurrency="
        + concurrency
        + "]";
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  /** A mutable copy, used only to derive the next immutable settings. */
  static final class Builder {
    String baseUrl;
    Mono<String> token;
    String polarVersion;
    String userAgent;
    int concurrency;
    boolean streaming;
    Duration connectTimeout;
    Duration responseTimeout;
    Duration deadline;
    int maxBodySize;
    int maxRetries;
    Duration minBackoff;
    Duration maxBackoff;
    double jitter;
    Duration maxRetryAfter;
    Retry customRetry;
    boolean allowInsecureHttp;
    DriftPolicy driftPolicy;
    boolean dropDuplicates;
    Scheduler scheduler;
    PolarListener listener;
    RateBudget rateBudget;
    RateZone rateZone;
    String budgetIdentity;
    boolean metrics;
    int readAhead;

    Builder(ClientSettings s) {
      baseUrl = s.baseUrl;
      token = s.token;
      polarVersion = s.polarVersion;
      userAgent = s.userAgent;
      concurrency = s.concurrency;
      streaming = s.streaming;
      connectTimeout = s.connectTimeout;
      responseTimeout = s.responseTimeout;
      deadline = s.deadline;
      maxBodySize = s.maxBodySize;
      maxRetries = s.maxRetries;
      minBackoff = s.minBackoff;
      maxBackoff = s.maxBackoff;
      jitter = s.jitter;
      maxRetryAfter = s.maxRetryAfter;
      customRetry = s.customRetry;
      allowInsecureHttp = s.allowInsecureHttp;
      driftPolicy = s.driftPolicy;
      dropDuplicates = s.dropDuplicates;
      scheduler = s.scheduler;
      listener = s.listener;
      rateBudget = s.rateBudget;
      rateZone = s.rateZone;
      budgetIdentity = s.budgetIdentity;
      metrics = s.metrics;
      readAhead = s.readAhead;
    }

    ClientSettings build() {
      return new ClientSettings(
          baseUrl,
          token,
          polarVersion,
          userAgent,
          concurrency,
          streaming,
          connectTimeout,
          responseTimeout,
          deadline,
          maxBodySize,
          maxRetries,
          minBackoff,
          maxBackoff,
          jitter,
          maxRetryAfter,
          customRetry,
          allowInsecureHttp,
          driftPolicy,
          dropDuplicates,
          scheduler,
          listener,
          rateBudget,
          rateZone,
          budgetIdentity,
          metrics,
          readAhead);
    }
  }
}
