package dev.polarflux.benchmarks;

import dev.polarflux.LicenseKeyQuery;
import dev.polarflux.PolarClient;
import dev.polarflux.RateBudget;
import dev.polarflux.RateZone;
import dev.polarflux.redis.RedisRateBudget;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.time.Duration;
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
import reactor.core.scheduler.Schedulers;

/**
 * What the rate budget costs, with a {@code redis-server} on loopback (started here, from the PATH)
 * against the in-memory budget, with a limit that never binds.
 *
 * <ul>
 *   <li>{@code acquire_inMemory}, {@code acquire_redis}: one acquisition, sampled (p50, p99), in
 *       microseconds; the zone's window is one second, so the log holds the last second's slots.
 *   <li>{@code listing_*}: a listing of 1,000 pages of 10 keys at concurrency 8 from the embedded
 *       server, in milliseconds: with no budget, the in-memory budget, and the Redis budget, each
 *       at 1,000,000 requests a minute.
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RateBudgetBenchmark
 * </pre>
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RateBudgetBenchmark extends BenchmarkBase {

  /** Pages of the listing. */
  static final int PAGES = 1_000;

  /** Keys per page. */
  static final int LIMIT = 10;

  /** A limit no run reaches. */
  static final int UNBOUND = 1_000_000;

  private static final LicenseKeyQuery QUERY = LicenseKeyQuery.create().limit(LIMIT);

  /** The Redis server and the budgets. */
  @State(Scope.Benchmark)
  public static class Budgets {
    RedisProcess redis;
    RedisRateBudget shared;
    RateBudget local;
    final RateZone zone = new RateZone("bench", UNBOUND, Duration.ofSeconds(1));

    /** Starts Redis and connects. */
    @Setup(Level.Trial)
    public void setUp() {
      redis = RedisProcess.start();
      shared = RedisRateBudget.create(redis.uri());
      local = RateBudget.inMemory();
      shared.acquire(zone, "warm", Schedulers.parallel()).block();
    }

    /** Closes the connection and stops Redis. */
    @TearDown(Level.Trial)
    public void tearDown() {
      shared.close();
      redis.close();
    }
  }

  /** One acquisition from the in-memory budget. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object acquire_inMemory(Budgets b) {
    return b.local.acquire(b.zone, "identity", Schedulers.parallel()).block();
  }

  /** One acquisition from Redis on loopback: one script, one round trip. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Object acquire_redis(Budgets b) {
    return b.shared.acquire(b.zone, "identity", Schedulers.parallel()).block();
  }

  /** A server, Redis and the clients that list it. */
  @State(Scope.Benchmark)
  public static class Listing {

    /** Server latency per request, in milliseconds. */
    @Param({"0", "5", "20"})
    public int latencyMs;

    PolarTestServer server;
    RedisProcess redis;
    RedisRateBudget shared;
    PolarClient none;
    PolarClient inMemory;
    PolarClient viaRedis;

    /** Starts the server, Redis and the clients; checks a listing. */
    @Setup(Level.Trial)
    public void setUp() {
      server =
          PolarTestServer.builder()
              .dataset(LicenseKeyDataset.generate(PAGES * LIMIT, Pages.SEED))
              .latency(Duration.ofMillis(latencyMs))
              .build();
      redis = RedisProcess.start();
      shared = RedisRateBudget.create(redis.uri());
      PolarClient base =
          PolarClient.create().baseUrl(server.baseUrl()).token(server.token()).concurrency(8);
      none = base.rateLimit(0);
      inMemory = base.rateLimit(UNBOUND);
      viaRedis = base.rateLimit(UNBOUND).rateBudget(shared);
      list(viaRedis, null);
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void tearDown() {
      none.close();
      shared.close();
      redis.close();
      server.close();
    }
  }

  private static long list(PolarClient client, Blackhole bh) {
    long keys =
        client
            .licenseKeys(QUERY)
            .doOnNext(
                k -> {
                  if (bh != null) {
                    bh.consume(k);
                  }
                })
            .count()
            .block();
    if (keys != PAGES * LIMIT) {
      throw new IllegalStateException(keys + " keys listed, expected " + PAGES * LIMIT);
    }
    return keys;
  }

  /** No budget: the floor. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long listing_noBudget(Listing s, Blackhole bh) {
    return list(s.none, bh);
  }

  /** The in-memory budget. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long listing_inMemoryBudget(Listing s, Blackhole bh) {
    return list(s.inMemory, bh);
  }

  /** The Redis budget: one script per page. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long listing_redisBudget(Listing s, Blackhole bh) {
    return list(s.viaRedis, bh);
  }
}
