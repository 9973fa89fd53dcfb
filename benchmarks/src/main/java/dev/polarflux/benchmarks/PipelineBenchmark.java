package dev.polarflux.benchmarks;

import dev.polarflux.LicenseKeyQuery;
import dev.polarflux.PolarClient;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
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
 * Whole listings as users compose them, in milliseconds per listing: 3,000 keys of {@code
 * LicenseKeyDataset.generateVaried}, {@code limit=100} (30 pages), the embedded {@link
 * PolarTestServer} adding 50 ms to every request, {@code rateLimit(0)}. Six consumers, each at
 * {@code @Param setting}:
 *
 * <ul>
 *   <li>{@code c1}: concurrency 1, no read-ahead (the default);
 *   <li>{@code c8}: concurrency 8, no read-ahead (demand-exact);
 *   <li>{@code c8_readAhead8}: concurrency 8, {@code readAhead(8)};
 *   <li>{@code c1_streaming}, {@code c8_readAhead8_streaming}: the same with {@code
 *       streaming(true)}.
 * </ul>
 *
 * <p>The consumers: {@code count()} (unbounded demand); {@code publishOn(boundedElastic())};
 * {@code flatMap(k -> work, 16)} with the work (a CRC32 of the key) on {@code parallel()}; {@code
 * concatMap(k -> Mono.just(k))} (Reactor's default, no prefetch); {@code limitRate(50)}; {@code
 * buffer(100).concatMap(batch -> save)} with the save on {@code boundedElastic()}. {@code setUp}
 * checks that every consumer at every setting lists the 3,000 keys (in order, but for {@code
 * flatMap}) with exactly 30 requests: read-ahead never fetches a page twice or past {@code
 * max_page}.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PipelineBenchmark -f 1 -wi 2 -i 5
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class PipelineBenchmark extends BenchmarkBase {

  /** Keys in the listing. */
  static final int KEYS = 3_000;

  /** Keys per page. */
  static final int LIMIT = 100;

  /** Server latency per request. */
  static final Duration LATENCY = Duration.ofMillis(50);

  private static final LicenseKeyQuery QUERY = LicenseKeyQuery.create().limit(LIMIT);

  /** The server and the client of one setting. */
  @State(Scope.Benchmark)
  public static class Listing {

    /** Concurrency and read-ahead. */
    @Param({"c1", "c8", "c8_readAhead8", "c1_streaming", "c8_readAhead8_streaming"})
    public String setting;

    PolarTestServer server;
    PolarClient client;

    /** Starts the server and the client, and checks every consumer. */
    @Setup(Level.Trial)
    public void setUp() {
      server =
          PolarTestServer.builder()
              .dataset(LicenseKeyDataset.generateVaried(KEYS, Pages.SEED))
              .latency(LATENCY)
              .build();
      PolarClient base =
          PolarClient.create().baseUrl(server.baseUrl()).token(server.token()).rateLimit(0);
      client =
          switch (setting) {
            case "c1" -> base;
            case "c8" -> base.concurrency(8);
            case "c8_readAhead8" -> base.concurrency(8).readAhead(8);
            case "c1_streaming" -> base.streaming(true);
            case "c8_readAhead8_streaming" -> base.concurrency(8).readAhead(8).streaming(true);
            default -> throw new IllegalArgumentException(setting);
          };
      List<LicenseKeyRead> expected = server.dataset().keys();
      for (Consumer consumer : Consumer.values()) {
        server.clearRequests();
        List<LicenseKeyRead> keys = consumer.apply(keys()).collectList().block();
        // flatMap delivers in the order its inner work completes; the others in Polar's order.
        boolean right =
            consumer == Consumer.FLAT_MAP_16
                ? keys != null && keys.size() == KEYS && new HashSet<>(keys).containsAll(expected)
                : expected.equals(keys);
        if (!right || server.requestCount() != KEYS / LIMIT) {
          throw new IllegalStateException(
              consumer
                  + " at "
                  + setting
                  + ": "
                  + (keys == null ? 0 : keys.size())
                  + " keys in "
                  + server.requestCount()
                  + " requests, expected "
                  + KEYS
                  + " in "
                  + KEYS / LIMIT);
        }
      }
      server.clearRequests();
    }

    Flux<LicenseKeyRead> keys() {
      return client.licenseKeys(QUERY);
    }

    /** Closes the client's pool and the server. */
    @TearDown(Level.Trial)
    public void tearDown() {
      client.close();
      server.close();
    }
  }

  /** The six ways of consuming a listing. */
  enum Consumer {
    COUNT {
      @Override
      Flux<LicenseKeyRead> apply(Flux<LicenseKeyRead> keys) {
        return keys;
      }
    },
    PUBLISH_ON {
      @Override
      Flux<LicenseKeyRead> apply(Flux<LicenseKeyRead> keys) {
        return keys.publishOn(Schedulers.boundedElastic());
      }
    },
    FLAT_MAP_16 {
      @Override
      Flux<LicenseKeyRead> apply(Flux<LicenseKeyRead> keys) {
        return keys.flatMap(
            k -> Mono.fromCallable(() -> work(k)).subscribeOn(Schedulers.parallel()), 16);
      }
    },
    CONCAT_MAP {
      @Override
      Flux<LicenseKeyRead> apply(Flux<LicenseKeyRead> keys) {
        return keys.concatMap(Mono::just);
      }
    },
    LIMIT_RATE_50 {
      @Override
      Flux<LicenseKeyRead> apply(Flux<LicenseKeyRead> keys) {
        return keys.limitRate(50);
      }
    },
    BUFFER_CONCAT_MAP_SAVE {
      @Override
      Flux<LicenseKeyRead> apply(Flux<LicenseKeyRead> keys) {
        return keys.buffer(100)
            .concatMap(
                batch ->
                    Mono.fromCallable(() -> save(batch)).subscribeOn(Schedulers.boundedElastic()))
            .flatMapIterable(batch -> batch);
      }
    };

    abstract Flux<LicenseKeyRead> apply(Flux<LicenseKeyRead> keys);
  }

  /** The per-key work: a CRC32 of the key and its display form. */
  static LicenseKeyRead work(LicenseKeyRead key) {
    CRC32 crc = new CRC32();
    crc.update(key.key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    crc.update(key.displayKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return crc.getValue() == -1 ? null : key;
  }

  /** The batch save: the same work for every key of the batch. */
  static List<LicenseKeyRead> save(List<LicenseKeyRead> batch) {
    for (LicenseKeyRead key : batch) {
      work(key);
    }
    return batch;
  }

  private static long run(Listing s, Consumer consumer, Blackhole bh) {
    long keys = consumer.apply(s.keys()).doOnNext(bh::consume).count().block();
    if (keys != KEYS) {
      throw new IllegalStateException(keys + " keys listed, expected " + KEYS);
    }
    return keys;
  }

  /** {@code count()}: unbounded demand. */
  @Benchmark
  public long count(Listing s, Blackhole bh) {
    return run(s, Consumer.COUNT, bh);
  }

  /** {@code publishOn(boundedElastic())}: 256 requested, 192 replenished. */
  @Benchmark
  public long publishOn(Listing s, Blackhole bh) {
    return run(s, Consumer.PUBLISH_ON, bh);
  }

  /** {@code flatMap(k -> work, 16)}: 16 requested, 12 replenished. */
  @Benchmark
  public long flatMap16(Listing s, Blackhole bh) {
    return run(s, Consumer.FLAT_MAP_16, bh);
  }

  /** {@code concatMap(k -> Mono.just(k))}: one key at a time. */
  @Benchmark
  public long concatMap(Listing s, Blackhole bh) {
    return run(s, Consumer.CONCAT_MAP, bh);
  }

  /** {@code limitRate(50)}: 50 requested, 38 replenished. */
  @Benchmark
  public long limitRate50(Listing s, Blackhole bh) {
    return run(s, Consumer.LIMIT_RATE_50, bh);
  }

  /** {@code buffer(100).concatMap(batch -> save)}: one batch of 100 at a time. */
  @Benchmark
  public long bufferConcatMapSave(Listing s, Blackhole bh) {
    return run(s, Consumer.BUFFER_CONCAT_MAP_SAVE, bh);
  }
}
