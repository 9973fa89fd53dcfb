package dev.polarflux.benchmarks;

import dev.polarflux.OrganizationKeyQuery;
import dev.polarflux.PolarClient;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * An organization's whole listing ({@code GET /v1/license-keys/} with the organization's token),
 * in seconds per listing: 100,000 keys of one organization ({@code
 * LicenseKeyDataset.generateOrganizations(1, 50, 100_000, seed)}), {@code limit=100} (1,000 pages),
 * the embedded server adding 20 ms to every request, {@code rateLimit(0)}. Settings: {@code c1}
 * (concurrency 1, the default), {@code c8} (concurrency 8, demand-exact), {@code c8_readAhead8}.
 * Consumers: {@code count()}, {@code flatMap(k -> work, 16)} with the work on {@code parallel()},
 * {@code limitRate(50)}. {@code setUp} checks one listing lists every key of the organization with
 * exactly 1,000 requests.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar OrganizationListingBenchmark -f 1 -wi 1 -i 3
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class OrganizationListingBenchmark extends BenchmarkBase {

  /** Keys of the organization. */
  static final int KEYS = 100_000;

  /** Keys per page. */
  static final int LIMIT = 100;

  /** Server latency per request. */
  static final Duration LATENCY = Duration.ofMillis(20);

  /** The server and the client of one setting. */
  @State(Scope.Benchmark)
  public static class Listing {

    /** Concurrency and read-ahead. */
    @Param({"c1", "c8", "c8_readAhead8"})
    public String setting;

    PolarTestServer server;
    PolarClient client;

    /** Starts the server and the client, and checks one listing. */
    @Setup(Level.Trial)
    public void setUp() {
      LicenseKeyDataset dataset =
          LicenseKeyDataset.generateOrganizations(1, 50, KEYS, Pages.SEED);
      server = PolarTestServer.builder().dataset(dataset).latency(LATENCY).build();
      UUID organization = dataset.organizationIds().get(0);
      PolarClient base =
          PolarClient.create()
              .baseUrl(server.baseUrl())
              .token(server.organizationToken(organization))
              .rateLimit(0);
      client =
          switch (setting) {
            case "c1" -> base;
            case "c8" -> base.concurrency(8);
            case "c8_readAhead8" -> base.concurrency(8).readAhead(8);
            default -> throw new IllegalArgumentException(setting);
          };
      Long keys = keys().count().block();
      if (keys == null || keys != KEYS || server.requestCount() != KEYS / LIMIT) {
        throw new IllegalStateException(
            setting + ": " + keys + " keys in " + server.requestCount() + " requests");
      }
      server.clearRequests();
    }

    Flux<LicenseKeyRead> keys() {
      return client.organization().list(OrganizationKeyQuery.create().limit(LIMIT));
    }

    /** Closes the client's pool and the server. */
    @TearDown(Level.Trial)
    public void tearDown() {
      client.close();
      server.close();
    }
  }

  private static long run(Flux<LicenseKeyRead> keys, Blackhole bh) {
    long n = keys.doOnNext(bh::consume).count().block();
    if (n != KEYS) {
      throw new IllegalStateException(n + " keys listed, expected " + KEYS);
    }
    return n;
  }

  /** {@code count()}: unbounded demand. */
  @Benchmark
  public long count(Listing s, Blackhole bh) {
    return run(s.keys(), bh);
  }

  /** {@code flatMap(k -> work, 16)}: 16 requested, 12 replenished. */
  @Benchmark
  public long flatMap16(Listing s, Blackhole bh) {
    return run(
        s.keys()
            .flatMap(
                k ->
                    Mono.fromCallable(() -> PipelineBenchmark.work(k))
                        .subscribeOn(Schedulers.parallel()),
                16),
        bh);
  }

  /** {@code limitRate(50)}: 50 requested, 38 replenished. */
  @Benchmark
  public long limitRate50(Listing s, Blackhole bh) {
    return run(s.keys().limitRate(50), bh);
  }
}
