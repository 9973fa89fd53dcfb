package dev.polarflux.benchmarks;

import dev.polarflux.LicenseKeyQuery;
import dev.polarflux.PolarClient;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.json.Jackson2JsonDecoder;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.context.Context;

/**
 * Many listings at once in one JVM, as a WebFlux portal serves its customers: {@code listings}
 * concurrent listings of 3 pages each (a customer's 30 keys, {@code limit=10}), each with its own
 * customer token, on one client against the embedded {@link PolarTestServer} (which accepts any token here
 * and adds {@code latency-ms} to every request), with no rate budget. Not a JMH benchmark: a
 * {@code main} in the benchmarks jar, because the figures are per listing of one burst.
 *
 * <p>Two clients, one after the other in the same JVM and against the same server:
 *
 * <ul>
 *   <li><b>polarflux</b>: one {@link PolarClient} ({@code rateLimit(0)}, its own pool of 64
 *       connections) whose token supplier reads the customer's token from the subscriber's Reactor
 *       {@code Context}, as a portal would pass it;
 *   <li><b>baseline</b>: Spring's {@code WebClient} over Reactor Netty with a pool of 64
 *       connections and no limit on pending acquisitions (the defaults, 16 and 32, fail such a
 *       burst), Jackson 2 databind into the same records ({@code Pages.userMapper()}), paged with
 *       {@code expand}.
 * </ul>
 *
 * <p>Reported per client: whether every listing delivered exactly its 30 keys in order; the heap
 * per in-flight listing (heap used after a full GC taken right after all listings were subscribed,
 * less the heap used after a full GC before, divided by the listings not yet complete at that
 * moment); the connections the server saw the client open (since its first burst) and the most requests it answered at once; the
 * 50th and 99th percentile time from a listing's subscription to its first key; and the wall time
 * of the burst. A warm-up burst of {@code warmup} listings runs first for each client.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.polarflux.benchmarks.ManyListings
 *     [--listings 10000] [--warmup 2000] [--latency-ms 10]
 * </pre>
 *
 * Exits 1 when a listing fails or delivers other than its keys.
 */
public final class ManyListings {

  private static final int KEYS = 30;
  private static final int LIMIT = 10;
  private static final String PATH = "/v1/customer-portal/license-keys/";
  private static final String TOKEN = "customer-token";

  private ManyListings() {}

  /**
   * Runs both clients.
   *
   * @param args the options
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    int listings = 10_000;
    int warmup = 2_000;
    int latencyMs = 10;
    for (int i = 0; i + 1 < args.length; i += 2) {
      int value = Integer.parseInt(args[i + 1]);
      switch (args[i]) {
        case "--listings" -> listings = value;
        case "--warmup" -> warmup = value;
        case "--latency-ms" -> latencyMs = value;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "ManyListings: %d listings of %d keys (limit %d), server latency %d ms, -Xmx%d MiB,"
            + " %s %s, %d cores%n",
        listings,
        KEYS,
        LIMIT,
        latencyMs,
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    boolean ok = true;
    try (PolarTestServer server =
        PolarTestServer.builder()
            .dataset(LicenseKeyDataset.generateVaried(KEYS, Pages.SEED))
            .latency(Duration.ofMillis(latencyMs))
            .acceptAnyToken(true)
            .build()) {
      List<LicenseKeyRead> expected = server.dataset().keys();

      PolarClient polar =
          PolarClient.create()
              .baseUrl(server.baseUrl())
              .rateLimit(0)
              .token(Mono.deferContextual(ctx -> Mono.just(ctx.<String>get(TOKEN))));
      LicenseKeyQuery query = LicenseKeyQuery.create().limit(LIMIT);
      Function<String, Flux<LicenseKeyRead>> polarflux =
          token -> polar.licenseKeys(query).contextWrite(Context.of(TOKEN, token));
      int opened = server.connectionsOpened();
      ok &= burst("polarflux", polarflux, server, expected, warmup, opened);
      ok &= burst("polarflux", polarflux, server, expected, listings, opened);
      polar.close();

      ConnectionProvider provider =
          ConnectionProvider.builder("baseline")
              .maxConnections(64)
              .pendingAcquireMaxCount(-1)
              .build();
      WebClient web =
          WebClient.builder()
              .baseUrl(server.baseUrl())
              .clientConnector(new ReactorClientHttpConnector(HttpClient.create(provider)))
              .codecs(
                  c -> {
                    c.defaultCodecs().jackson2JsonDecoder(new Jackson2JsonDecoder(Pages.userMapper()));
                    c.defaultCodecs().maxInMemorySize(8 * 1024 * 1024);
                  })
              .build();
      Function<String, Flux<LicenseKeyRead>> baseline = token -> expandPager(web, token);
      opened = server.connectionsOpened();
      ok &= burst("WebClient + expand", baseline, server, expected, warmup, opened);
      ok &= burst("WebClient + expand", baseline, server, expected, listings, opened);
      provider.dispose();
    }
    System.out.println(ok ? "ManyListings passed" : "ManyListings FAILED");
    if (!ok) {
      System.exit(1);
    }
  }

  /** A numbered page, for {@code expand} to know which page comes next. */
  private record Numbered(int page, Pages.Page body) {}

  /** The pager a WebFlux user writes: page 1, then {@code expand} to the next until max_page. */
  private static Flux<LicenseKeyRead> expandPager(WebClient web, String token) {
    return page(web, token, 1)
        .expand(
            p ->
                p.page() < p.body().pagination().maxPage()
                    ? page(web, token, p.page() + 1)
                    : Mono.empty())
        .concatMapIterable(p -> p.body().items());
  }

  private static Mono<Numbered> page(WebClient web, String token, int page) {
    return web.get()
        .uri(PATH + "?page={page}&limit={limit}", page, LIMIT)
        .header("Authorization", "Bearer " + token)
        .retrieve()
        .bodyToMono(Pages.Page.class)
        .map(body -> new Numbered(page, body));
  }

  /** Runs {@code n} listings at once and prints their figures; false when any was wrong. */
  private static boolean burst(
      String name,
      Function<String, Flux<LicenseKeyRead>> listing,
      PolarTestServer server,
      List<LicenseKeyRead> expected,
      int n,
      int connectionsBefore)
      throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long heapBefore = heapAfterGc(memory);
    server.clearRequests();
    long[] firstKeyNanos = new long[n];
    AtomicInteger wrong = new AtomicInteger();
    AtomicInteger running = new AtomicInteger(n);
    CountDownLatch done = new CountDownLatch(n);
    long started = System.nanoTime();
    for (int i = 0; i < n; i++) {
      int index = i;
      long subscribed = System.nanoTime();
      String token = "polar_cst_" + UUID.randomUUID();
      listing
          .apply(token)
          .subscribe(
              new BaseSubscriber<LicenseKeyRead>() {
                private int seen;

                @Override
                protected void hookOnNext(LicenseKeyRead key) {
                  if (seen == 0) {
                    firstKeyNanos[index] = System.nanoTime() - subscribed;
                  }
                  if (seen >= expected.size() || !expected.get(seen).id().equals(key.id())) {
                    wrong.incrementAndGet();
                  }
                  seen++;
                }

                @Override
                protected void hookOnComplete() {
                  if (seen != expected.size()) {
                    wrong.incrementAndGet();
                  }
                }

                @Override
                protected void hookOnError(Throwable t) {
                  System.out.println("  listing failed: " + t);
                  wrong.incrementAndGet();
                }

                @Override
                protected void hookFinally(reactor.core.publisher.SignalType type) {
                  running.decrementAndGet();
                  done.countDown();
                }
              });
    }
    int inFlight = running.get();
    long heapDuring = heapAfterGc(memory);
    if (!done.await(10, TimeUnit.MINUTES)) {
      System.out.println("  " + name + ": timed out with " + done.getCount() + " listings running");
      return false;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long[] sorted = firstKeyNanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%-20s listings %6d  exact %s  requests %6d  heap/in-flight listing %6.1f KiB"
            + " (%d in flight)  connections %3d  max concurrent requests %3d"
            + "  first key p50 %7.1f ms p99 %7.1f ms  wall %.2f s%n",
        name,
        n,
        wrong.get() == 0 ? "yes" : "NO (" + wrong.get() + " wrong)",
        server.requestCount(),
        inFlight == 0 ? 0.0 : (heapDuring - heapBefore) / 1024.0 / inFlight,
        inFlight,
        server.connectionsOpened() - connectionsBefore,
        server.maxConcurrentRequests(),
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.99) / 1e6,
        seconds);
    return wrong.get() == 0 && server.requestCount() == n * (KEYS / LIMIT);
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static long heapAfterGc(MemoryMXBean memory) {
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
