package dev.polarflux.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.polarflux.LicenseKeyQuery;
import dev.polarflux.PolarClient;
import dev.polarflux.PolarException;
import dev.polarflux.PolarListener;
import dev.polarflux.model.LicenseKeyRead;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Streams a million keys to a slow subscriber in a small heap and reports the peak heap and the
 * most pages ever in flight. Not a JMH benchmark: a {@code main} in the benchmarks jar.
 *
 * <p>The dataset of the embedded server is a list held in memory (about 550 MB live for a million
 * keys), so the server runs in a JVM of its own, started here as {@code dev.polarflux.cli.Main
 * serve --port 0 --keys N}, which prints {@code READY <base-url> <token>}. Each configuration
 * (concurrency 1, concurrency 4, concurrency 4 with {@code readAhead(4)}, {@code streaming(true)},
 * and {@code streaming(true)} at concurrency 4 with {@code readAhead(4)}; or those named by {@code
 * --configs concurrency:streaming:readAhead,...}) then lists every key in a fresh client JVM with
 * {@code -Xmx128m}.
 *
 * <p>The subscriber runs on its own thread ({@code publishOn} with a prefetch of {@code batch}),
 * requests {@code batch} keys at a time, computes a CRC32 of each key's text and pauses {@code
 * pause-micros} after each batch, so it is slower than the server and back-pressure decides how
 * much is fetched. Pages in flight = pages reported by {@link PolarListener#pageFetched} minus
 * pages whose every key the listing has delivered (to {@code publishOn}, whose queue of at most
 * {@code batch} keys is the subscriber's own buffer), sampled at each {@code pageFetched}; it must
 * stay at most {@code concurrency + 1}. Peak heap: the most heap used at any sample (every 5 ms),
 * the sum of the heap pools' peak usage, and the most heap still in use after any collection (the
 * live set).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.polarflux.benchmarks.MemoryCheck
 *     [--keys 1000000] [--client-heap 128m] [--batch 16] [--pause-micros 400]
 *     [--configs 4:true:4]
 * </pre>
 *
 * Exits 1 when a listing fails, misses keys, or exceeds the in-flight bound.
 */
public final class MemoryCheck {

  private static final int LIMIT = 100;

  private MemoryCheck() {}

  /**
   * Runs every configuration, or, with {@code client} as the first argument, one client.
   *
   * @param args the options
   * @throws Exception when a process cannot be run
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("client")) {
      client(args);
      return;
    }
    Map<String, String> options = options(args);
    int keys = Integer.parseInt(options.getOrDefault("keys", "1000000"));
    String clientHeap = options.getOrDefault("client-heap", "128m");
    int batch = Integer.parseInt(options.getOrDefault("batch", "16"));
    long pauseMicros = Long.parseLong(options.getOrDefault("pause-micros", "400"));
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    String classpath = System.getProperty("java.class.path");

    System.out.printf(
        Locale.ROOT,
        "MemoryCheck: %d keys, limit %d, client -Xmx%s, subscriber batch %d, pause %d us/batch,"
            + " %s %s, %d cores%n",
        keys,
        LIMIT,
        clientHeap,
        batch,
        pauseMicros,
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    long started = System.nanoTime();
    Process server =
        new ProcessBuilder(
                java,
                "-Xmx3g",
                "-cp",
                classpath,
                "dev.polarflux.cli.Main",
                "serve",
                "--port",
                "0",
                "--keys",
                Integer.toString(keys))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<String> rows = new ArrayList<>();
    boolean ok = true;
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      if (ready == null || !ready.startsWith("READY ")) {
        throw new IllegalStateException("the server did not start: " + ready);
      }
      String[] parts = ready.split(" ");
      System.out.printf(
          Locale.ROOT,
          "server ready in %.1f s at %s%n",
          (System.nanoTime() - started) / 1e9,
          parts[1]);
      String[][] configs = {
        {"1", "false", "0"},
        {"4", "false", "0"},
        {"4", "false", "4"},
        {"1", "true", "0"},
        {"4", "true", "4"}
      };
      String only = options.get("configs");
      if (only != null) {
        configs =
            Arrays.stream(only.split(",")).map(c -> c.split(":")).toArray(String[][]::new);
      }
      for (String[] config : configs) {
        Process client =
            new ProcessBuilder(
                    java,
                    "-Xmx" + clientHeap,
                    "-cp",
                    classpath,
                    MemoryCheck.class.getName(),
                    "client",
                    parts[1],
                    parts[2],
                    config[0],
                    config[1],
                    Integer.toString(keys),
                    Integer.toString(batch),
                    Long.toString(pauseMicros),
                    config[2])
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<String, String> result = null;
        try (BufferedReader r =
            new BufferedReader(
                new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            if (line.startsWith("RESULT ")) {
              result = options(line.substring(7).replace("=", " ").split(" "));
            } else {
              System.out.println("  client: " + line);
            }
          }
        }
        int status = client.waitFor();
        if (status != 0 || result == null) {
          ok = false;
          rows.add(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %s | failed (exit %d) | | | | | | |",
                  config[0],
                  config[2],
                  config[1],
                  status));
          continue;
        }
        boolean pass = Boolean.parseBoolean(result.get("pass"));
        ok &= pass;
        rows.add(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s (bound %s) | %s | %s | %s | %s |",
                result.get("concurrency"),
                result.get("readAhead"),
                result.get("streaming"),
                result.get("keys"),
                result.get("seconds") + " s / " + result.get("keysPerSecond"),
                result.get("maxInFlight"),
                result.get("bound"),
                result.get("sampledPeakMiB"),
                result.get("poolPeaksMiB"),
                result.get("maxAfterGcMiB"),
                pass ? "yes" : "**no**"));
      }
    } finally {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    System.out.println();
    System.out.println(
        "| concurrency | read-ahead | streaming | keys | time / keys/s | max pages in flight | peak"
            + " heap used, sampled (MiB) | sum of pool peaks (MiB) | max live after GC (MiB) | pass"
            + " |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.printf(
        Locale.ROOT,
        "%nMemoryCheck %s in %.0f s%n",
        ok ? "passed" : "FAILED",
        (System.nanoTime() - started) / 1e9);
    if (!ok) {
      System.exit(1);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return options;
  }

  /**
   * One listing in this JVM: {@code client URL TOKEN CONCURRENCY STREAMING KEYS BATCH PAUSE
   * READ_AHEAD}.
   */
  private static void client(String[] args) throws InterruptedException {
    String baseUrl = args[1];
    String token = args[2];
    int concurrency = Integer.parseInt(args[3]);
    boolean streaming = Boolean.parseBoolean(args[4]);
    long expected = Long.parseLong(args[5]);
    int batch = Integer.parseInt(args[6]);
    long pauseNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(args[7]));
    int readAhead = Integer.parseInt(args[8]);

    HeapWatch heap = new HeapWatch();
    AtomicLong fetched = new AtomicLong();
    AtomicLong consumed = new AtomicLong();
    AtomicLong delivered = new AtomicLong();
    AtomicLong maxInFlight = new AtomicLong();
    AtomicLong retries = new AtomicLong();
    PolarListener listener =
        new PolarListener() {
          @Override
          public void pageFetched(int page, int items, int attempts, Duration latency) {
            long inFlight = fetched.incrementAndGet() - delivered.get() / LIMIT;
            maxInFlight.accumulateAndGet(inFlight, Math::max);
          }

          @Override
          public void retrying(int page, int attempt, PolarException error, Duration delay) {
            retries.incrementAndGet();
          }
        };
    Scheduler subscriberThread = Schedulers.newSingle("slow-subscriber");
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long[] checksum = {0};
    heap.start();
    long started = System.nanoTime();
    try (PolarClient polar =
        PolarClient.create()
            .baseUrl(baseUrl)
            .token(token)
            .rateLimit(0)
            .concurrency(concurrency)
            .readAhead(readAhead)
            .streaming(streaming)
            .listener(listener)) {
      polar
          .licenseKeys(LicenseKeyQuery.create().limit(LIMIT))
          .doOnNext(key -> delivered.incrementAndGet())
          .publishOn(subscriberThread, batch)
          .subscribe(
              new BaseSubscriber<LicenseKeyRead>() {
                private final CRC32 crc = new CRC32();
                private int inBatch;

                @Override
                protected void hookOnSubscribe(Subscription s) {
                  request(batch);
                }

                @Override
                protected void hookOnNext(LicenseKeyRead key) {
                  crc.update(key.key().getBytes(StandardCharsets.UTF_8));
                  crc.update(key.displayKey().getBytes(StandardCharsets.UTF_8));
                  checksum[0] += crc.getValue();
                  consumed.incrementAndGet();
                  if (++inBatch == batch) {
                    inBatch = 0;
                    long until = System.nanoTime() + pauseNanos;
                    while (System.nanoTime() < until) {
                      LockSupport.parkNanos(until - System.nanoTime());
                    }
                    request(batch);
                  }
                }

                @Override
                protected void hookOnError(Throwable t) {
                  failure.set(t);
                }

                @Override
                protected void hookFinally(SignalType type) {
                  done.countDown();
                }
              });
      done.await();
    } finally {
      subscriberThread.dispose();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    heap.stop();
    if (failure.get() != null) {
      System.out.println("listing failed: " + failure.get());
    }
    long keys = consumed.get();
    long bound = concurrency + 1L;
    boolean pass = failure.get() == null && keys == expected && maxInFlight.get() <= bound;
    System.out.printf(
        Locale.ROOT,
        "RESULT concurrency %d readAhead %d streaming %s keys %d pages %d retries %d maxInFlight %d bound %d"
            + " seconds %.1f keysPerSecond %.0f sampledPeakMiB %.1f poolPeaksMiB %.1f"
            + " maxAfterGcMiB %.1f maxHeapMiB %.0f gcs %d gc %s checksum %d pass %s%n",
        concurrency,
        readAhead,
        streaming,
        keys,
        fetched.get(),
        retries.get(),
        maxInFlight.get(),
        bound,
        seconds,
        keys / seconds,
        mib(heap.sampledPeak()),
        mib(heap.poolPeaks()),
        mib(heap.maxAfterGc()),
        mib(Runtime.getRuntime().maxMemory()),
        heap.collections(),
        heap.collectors(),
        checksum[0],
        pass);
  }

  private static double mib(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  /** Heap usage over a listing: sampled, per pool peaks, and after each collection. */
  private static final class HeapWatch {
    private final List<MemoryPoolMXBean> pools = new ArrayList<>();
    private final AtomicLong sampledPeak = new AtomicLong();
    private final AtomicLong maxAfterGc = new AtomicLong();
    private volatile boolean running = true;
    private Thread sampler;
    private long collectionsBefore;
    private long collectionsDuring;

    HeapWatch() {
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          pools.add(pool);
        }
      }
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc)
            .addNotificationListener(
                (notification, handback) -> {
                  if (!notification
                      .getType()
                      .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    return;
                  }
                  GarbageCollectionNotificationInfo info =
                      GarbageCollectionNotificationInfo.from(
                          (CompositeData) notification.getUserData());
                  long after = 0;
                  for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                    after += usage.getUsed();
                  }
                  // The non-heap pools (metaspace, code cache) are in this map too.
                  after -= nonHeapUsed(info);
                  maxAfterGc.accumulateAndGet(after, Math::max);
                },
                null,
                null);
      }
    }

    private long nonHeapUsed(GarbageCollectionNotificationInfo info) {
      long used = 0;
      for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        boolean heap = pools.stream().anyMatch(p -> p.getName().equals(e.getKey()));
        if (!heap) {
          used += e.getValue().getUsed();
        }
      }
      return used;
    }

    void start() {
      System.gc();
      pools.forEach(MemoryPoolMXBean::resetPeakUsage);
      collectionsBefore = totalCollections();
      sampler =
          new Thread(
              () -> {
                while (running) {
                  long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                  sampledPeak.accumulateAndGet(used, Math::max);
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }

    void stop() throws InterruptedException {
      running = false;
      sampler.join();
      collectionsDuring = totalCollections() - collectionsBefore;
    }

    long sampledPeak() {
      return sampledPeak.get();
    }

    long poolPeaks() {
      long sum = 0;
      for (MemoryPoolMXBean pool : pools) {
        sum += pool.getPeakUsage().getUsed();
      }
      return sum;
    }

    long maxAfterGc() {
      return maxAfterGc.get();
    }

    /** Collections between {@link #start()} and {@link #stop()}. */
    long collections() {
      return collectionsDuring;
    }

    private static long totalCollections() {
      long n = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        n += Math.max(0, gc.getCollectionCount());
      }
      return n;
    }

    String collectors() {
      List<String> names = new ArrayList<>();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        names.add(gc.getName().replace(' ', '_'));
      }
      return String.join(",", names);
    }
  }
}
