package dev.polarflux;

import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * Everything a {@link PolarClient} is configured with, each setting with its default. Every client
 * holds its own instance and never changes it: a configuration method changes a fresh {@link
 * #copy()} before the derived client that will hold it is constructed, and that client's final
 * field publishes it to every thread. One declaration per setting, no builder to mirror it.
 */
final class ClientSettings implements Cloneable {

  /** The budget identity of a client without a token. */
  static final String NO_TOKEN_IDENTITY = "none";

  /** The budget identity of requests without a token (Polar counts them by IP address). */
  static final String ANONYMOUS_IDENTITY = "anonymous";

  /** The budget identity of a client whose token comes from a supplier. */
  static final String SUPPLIER_IDENTITY = "supplier";

  String baseUrl = PolarClient.PRODUCTION_URL;
  Mono<String> token;
  String polarVersion;
  String userAgent = "polarflux/" + Version.VERSION;
  int concurrency = 1;
  boolean streaming;
  Duration connectTimeout = Duration.ofSeconds(10);
  Duration responseTimeout = Duration.ofSeconds(30);
  Duration deadline;
  int maxBodySize = 8 * 1024 * 1024;
  int maxRetries = 3;
  Duration minBackoff = Duration.ofMillis(500);
  Duration maxBackoff = Duration.ofSeconds(30);
  double jitter = 0.5;
  Duration maxRetryAfter = Duration.ofSeconds(60);
  Retry customRetry;
  boolean allowInsecureHttp;
  DriftPolicy driftPolicy = DriftPolicy.TOLERATE;
  boolean dropDuplicates;
  Scheduler scheduler;
  PolarListener listener = PolarListener.NONE;
  RateBudget rateBudget;
  RateZone rateZone;
  RateZone keyOperationZone =
      RateZone.customerPortalKeyOperations(PolarClient.KEY_OPERATIONS_RATE_LIMIT);
  String budgetIdentity = NO_TOKEN_IDENTITY;
  boolean metrics;
  int readAhead;

  /** A copy to change while deriving a client, before that client is constructed. */
  ClientSettings copy() {
    try {
      return (ClientSettings) super.clone();
    } catch (CloneNotSupportedException e) {
      throw new AssertionError("ClientSettings is Cloneable", e);
    }
  }

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
}
