package dev.polarflux.benchmarks;

import dev.polarflux.LicenseKeyQuery;
import dev.polarflux.PolarClient;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.io.IOException;
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

/**
 * Whole listings over real HTTP from the embedded {@link PolarTestServer} on {@code 127.0.0.1}, in
 * milliseconds per listing: 5,000 keys of {@code LicenseKeyDataset.generateVaried}, {@code
 * limit=100}, so 50 pages, with {@code latencyMs} of server latency per request.
 *
 * <ul>
 *   <li>{@code listing_polarflux_c1}, {@code _c4}, {@code _c8}: {@code PolarClient} at concurrency
 *       1, 4 and 8 (default aggregate decoding), {@code rateLimit(0)};
 *   <li>{@code listing_polarflux_streaming}: {@code streaming(true)} (pages one at a time);
 *   <li>{@code listing_baselinePager}: the baseline, {@link BaselinePager} ({@code
 *       java.net.http.HttpClient} and databind, page after page until {@code max_page}).
 * </ul>
 *
 * <p>{@code firstKey_*}: time to the first key of a listing whose page 1 is served as 10 chunks, 20
 * ms apart ({@code Fault.slowBody}), for {@code streaming(true)}, the default aggregate decoding,
 * and the baseline pager.
 *
 * <p>Warmup is longer than the base class's: client and server code both have to be compiled, and a
 * 0 ms listing keeps getting faster for about 15 seconds on 2 busy cores. The time-to-first-key
 * benchmarks settle within a few listings and keep a shorter warmup.
 *
 * <p>Server and client share this JVM and its 2 cores, so {@code -prof gc} numbers here include the
 * server's allocation. Run alone:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar StreamingBenchmark
 * </pre>
 *
 * <p>Only the listings at 20 ms, or only the time to the first key:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'StreamingBenchmark.listing_' -p latencyMs=20
 * java -jar benchmarks/target/benchmarks.jar 'StreamingBenchmark.firstKey_'
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 10, time = 2)
public class StreamingBenchmark extends BenchmarkBase {

  /** Keys in the listing. */
  static final int KEYS = 5_000;

  /** Keys per page. */
  static final int LIMIT = 100;

  private static final LicenseKeyQuery QUERY = LicenseKeyQuery.create().limit(LIMIT);

  /** A server with per-request latency and the clients that list it. */
  @State(Scope.Benchmark)
  public static class Listing {

    /** Server latency per request, in milliseconds. */
    @Param({"0", "20"})
    public int latencyMs;

    PolarTestServer server;
    PolarClient client;
    PolarClient c1;
    PolarClient c4;
    PolarClient c8;
    PolarClient streaming;
    PolarClient streamingC8;
    BaselinePager baseline;

    /** Starts the server and the clients, and checks that a listing fetches each page once. */
    @Setup(Level.Trial)
    public void setUp() {
      server =
          PolarTestServer.builder()
              .dataset(LicenseKeyDataset.generateVaried(KEYS, Pages.SEED))
              .latency(Duration.ofMillis(latencyMs))
              .build();
      client = PolarClient.create().baseUrl(server.baseUrl()).token(server.token()).rateLimit(0);
      c1 = client.concurrency(1);
      c4 = client.concurrency(4);
      c8 = client.concurrency(8);
      streaming = client.streaming(true);
      streamingC8 = c8.streaming(true);
      baseline = new BaselinePager(server.baseUrl(), server.token(), LIMIT);
      long keys = c8.licenseKeys(QUERY).count().block();
      if (keys != KEYS || server.requestCount() != KEYS / LIMIT) {
        throw new IllegalStateException(
            keys
                + " keys in "
                + server.requestCount()
                + " requests, expected "
                + KEYS
                + " in "
                + KEYS / LIMIT);
      }
      server.clearRequests();
    }

    /** Closes the clients' pool and the server. */
    @TearDown(Level.Trial)
    public void tearDown() {
      client.close();
      server.close();
    }
  }

  /** A server without latency whose page 1 arrives slowly, for the time to the first key. */
  @State(Scope.Benchmark)
  public static class SlowFirstPage {

    /** Chunks page 1 is cut into. */
    static final int CHUNKS = 10;

    /** The wait before each chunk. */
    static final Duration PER_CHUNK = Duration.ofMillis(20);

    PolarTestServer server;
    PolarClient aggregate;
    PolarClient streaming;
    BaselinePager baseline;

    /** Starts the server and the clients. */
    @Setup(Level.Trial)
    public void setUp() {
      server = PolarTestServer.start(LicenseKeyDataset.generateVaried(KEYS, Pages.SEED));
      aggregate = PolarClient.create().baseUrl(server.baseUrl()).token(server.token()).rateLimit(0);
      streaming = aggregate.streaming(true);
      baseline = new BaselinePager(server.baseUrl(), server.token(), LIMIT);
    }

    /** Makes the next request for page 1 a slow one. */
    @Setup(Level.Invocation)
    public void slowPageOne() {
      server.faults().clear().onPage(1, Fault.slowBody(PER_CHUNK, CHUNKS));
    }

    /** Closes the clients' pool and the server. */
    @TearDown(Level.Trial)
    public void tearDown() {
      aggregate.close();
      server.close();
    }
  }

  private static long list(PolarClient client, Blackhole bh) {
    long keys = client.licenseKeys(QUERY).doOnNext(bh::consume).count().block();
    return checked(keys);
  }

  private static long checked(long keys) {
    if (keys != KEYS) {
      throw new IllegalStateException(keys + " keys listed, expected " + KEYS);
    }
    return keys;
  }

  /** polarflux, one page at a time. */
  @Benchmark
  public long listing_polarflux_c1(Listing s, Blackhole bh) {
    return list(s.c1, bh);
  }

  /** polarflux, up to 4 pages in flight. */
  @Benchmark
  public long listing_polarflux_c4(Listing s, Blackhole bh) {
    return list(s.c4, bh);
  }

  /** polarflux, up to 8 pages in flight. */
  @Benchmark
  public long listing_polarflux_c8(Listing s, Blackhole bh) {
    return list(s.c8, bh);
  }

  /** polarflux decoding while each body arrives, one page at a time. */
  @Benchmark
  public long listing_polarflux_streaming(Listing s, Blackhole bh) {
    return list(s.streaming, bh);
  }

  /** polarflux decoding while each body arrives, up to 8 pages in flight. */
  @Benchmark
  public long listing_polarflux_streaming_c8(Listing s, Blackhole bh) {
    return list(s.streamingC8, bh);
  }

  /** The baseline: HttpClient and databind, page after page. */
  @Benchmark
  public long listing_baselinePager(Listing s, Blackhole bh)
      throws IOException, InterruptedException {
    return checked(s.baseline.listAll(bh::consume));
  }

  /** Time to the first key with {@code streaming(true)}: after the first chunk. */
  @Benchmark
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 10, time = 1)
  public LicenseKeyRead firstKey_polarflux_streaming(SlowFirstPage s) {
    return s.streaming.licenseKeys(QUERY).take(1).blockLast();
  }

  /** Time to the first key with the default aggregate decoding: after the whole body. */
  @Benchmark
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 10, time = 1)
  public LicenseKeyRead firstKey_polarflux_aggregate(SlowFirstPage s) {
    return s.aggregate.licenseKeys(QUERY).take(1).blockLast();
  }

  /** Time to the first key of the baseline pager: after the whole body. */
  @Benchmark
  @Warmup(iterations = 3, time = 2)
  @Measurement(iterations = 10, time = 1)
  public LicenseKeyRead firstKey_baselinePager(SlowFirstPage s)
      throws IOException, InterruptedException {
    return s.baseline.first();
  }
}
