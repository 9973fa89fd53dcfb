package dev.polarflux.internal.client;

import dev.polarflux.DriftPolicy;
import dev.polarflux.PolarClient;
import dev.polarflux.PolarListener;
import dev.polarflux.RateBudget;
import dev.polarflux.RateZone;
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
public final class ClientSettings implements Cloneable {

  /** The budget identity of a client without a token. */
  public static final String NO_TOKEN_IDENTITY = "none";

  /** The budget identity of requests without a token (Polar counts them by IP address). */
  public static final String ANONYMOUS_IDENTITY = "anonymous";

  /** The budget identity of a client whose token comes from a supplier. */
  public static final String SUPPLIER_IDENTITY = "supplier";

  public String baseUrl = PolarClient.PRODUCTION_URL;
  public Mono<String> token;
  public String polarVersion;
  public String userAgent = "polarflux/" + Version.VERSION;
  public int concurrency = 1;
  public boolean streaming;
  public Duration connectTimeout = Duration.ofSeconds(10);
  public Duration responseTimeout = Duration.ofSeconds(30);
  public Duration deadline;
  public int maxBodySize = 8 * 1024 * 1024;
  public int maxRetries = 3;
  public Duration minBackoff = Duration.ofMillis(500);
  public Duration maxBackoff = Duration.ofSeconds(30);
  public double jitter = 0.5;
  public Duration maxRetryAfter = Duration.ofSeconds(60);
  public Retry customRetry;
  public boolean allowInsecureHttp;
  public DriftPolicy driftPolicy = DriftPolicy.TOLERATE;
  public boolean dropDuplicates;
  public Scheduler scheduler;
  public PolarListener listener = PolarListener.NONE;
  public RateBudget rateBudget;
  public RateZone rateZone;
  public RateZone keyOperationZone =
      RateZone.customerPortalKeyOperations(PolarClient.KEY_OPERATIONS_RATE_LIMIT);
  public String budgetIdentity = NO_TOKEN_IDENTITY;
  public boolean metrics;
  public int readAhead;

  /** A copy to change while deriving a client, before that client is constructed. */
  public ClientSettings copy() {
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
