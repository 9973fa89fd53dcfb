package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.redis.RedisRateBudget;
import dev.polarflux.redis.RedisRateBudget.OnFailure;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import dev.polarflux.testserver.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Replicas, each a client with a Redis connection of its own, sharing one budget through a real
 * {@code redis-server}, against the embedded server with Polar's fixed-window rate limit.
 *
 * <p>The budget runs on a ten-second window instead of Polar's minute, so that a run crosses
 * windows within seconds: the algorithm takes the window as a parameter, and its allowance for the
 * time between a slot and the request's arrival scales with it (one sixtieth, 167 ms here), which
 * still dwarfs a request's way over loopback.
 */
class SharedRedisBudgetTest {

  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(90);

  private RedisServer redis;
  private final List<RedisRateBudget> budgets = new ArrayList<>();
  private final List<PolarClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    redis = RedisServer.start();
  }

  @AfterEach
  void stop() {
    clients.forEach(PolarClient::close);
    budgets.forEach(RedisRateBudget::close);
    if (redis != null) {
      redis.close();
    }
  }

  private PolarClient replica(PolarTestServer server, RedisRateBudget budget) {
    budgets.add(budget);
    PolarClient polar =
        PolarClient.create().baseUrl(server.baseUrl()).token(server.token()).rateBudget(budget);
    clients.add(polar);
    return polar;
  }

  private static List<UUID> ids(List<LicenseKeyRead> keys) {
    return keys.stream().map(LicenseKeyRead::id).toList();
  }

  private static long rateLimited(PolarTestServer server) {
    return server.requests().stream().filter(r -> r.status() == 429).count();
  }

  @Test
  void fourReplicas_shareOneBudget_no429_everyKeyDelivered_keysHoldOnlyTheTokensHash() {
    LicenseKeyDataset dataset = LicenseKeyDataset.generate(600, 3L);
    LicenseKeyQuery query = LicenseKeyQuery.create().limit(10);
    try (PolarTestServer server =
        PolarTestServer.builder().dataset(dataset).rateLimit(120, WINDOW).build()) {
      List<Mono<List<LicenseKeyRead>>> listings = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        listings.add(
            replica(server, RedisRateBudget.create(redis.uri()))
                .rateZone(new RateZone("v1", 120, WINDOW))
                .concurrency(4)
                .licenseKeys(query)
                .collectList());
      }
      long started = System.nanoTime();

      List<List<LicenseKeyRead>> results =
          Flux.merge(listings).collectList().block(WAIT.multipliedBy(2));

      long elapsed = System.nanoTime() - started;
      assertThat(results).hasSize(4);
      for (List<LicenseKeyRead> keys : results) {
        assertThat(ids(keys)).isEqualTo(ids(dataset.keys()));
      }
      assertThat(server.requests()).hasSize(240);
      assertThat(rateLimited(server)).isZero();
      // 240 requests at 120 per window: the second half waited for the next window.
      assertThat(elapsed).isGreaterThanOrEqualTo(WINDOW.toNanos());

      String identity = PolarClient.budgetIdentity(server.token());
      String slots = "polarflux:budget:{v1:" + identity + "}:slots";
      List<String> keys = redis.inspect(c -> c.keys("*"));
      List<String> members = redis.inspect(c -> c.zrange(slots, 0, -1));
      assertThat(keys).containsExactly(slots);
      assertThat(members)
          .hasSizeGreaterThanOrEqualTo(120)
          .noneMatch(member -> member.contains(server.token()));
      assertThat(identity).doesNotContain(server.token().substring(10, 20));
    }
  }

  /**
   * A replica with a ten-per-two-seconds budget that stops Redis, off the event loop, once page 12
   * has arrived.
   */
  private PolarClient stoppingRedis(
      PolarTestServer server, OnFailure onFailure, AtomicBoolean stopped) {
    RedisRateBudget budget =
        RedisRateBudget.builder(redis.uri())
            .onFailure(onFailure)
            .timeout(Duration.ofMillis(300))
            .build();
    return replica(server, budget)
        .rateZone(new RateZone("v1", 10, Duration.ofSeconds(2)))
        .listener(stopRedisAfter(12, stopped));
  }

  private PolarListener stopRedisAfter(int page, AtomicBoolean stopped) {
    return new PolarListener() {
      @Override
      public void pageFetched(int fetched, int items, int attempts, Duration latency) {
        if (fetched == page && stopped.compareAndSet(false, true)) {
          Schedulers.boundedElastic().schedule(redis::close);
        }
      }
    };
  }

  @Test
  void redisStoppedMidRun_countLocally_everyKeyDeliveredInOrder() {
    LicenseKeyDataset dataset = LicenseKeyDataset.generate(300, 5L);
    AtomicBoolean stopped = new AtomicBoolean();
    try (PolarTestServer server = PolarTestServer.start(dataset)) {
      PolarClient polar = stoppingRedis(server, OnFailure.COUNT_LOCALLY, stopped);

      List<LicenseKeyRead> keys =
          polar.licenseKeys(LicenseKeyQuery.create().limit(10)).collectList().block(WAIT);

      assertThat(stopped).isTrue();
      assertThat(ids(keys)).isEqualTo(ids(dataset.keys()));
      assertThat(server.pagesRequested()).hasSize(30);
    }
  }

  @Test
  void redisStoppedMidRun_fail_failsNamingThePage_afterAnExactPrefix_andResumes() {
    LicenseKeyDataset dataset = LicenseKeyDataset.generate(300, 5L);
    LicenseKeyQuery query = LicenseKeyQuery.create().limit(10);
    AtomicBoolean stopped = new AtomicBoolean();
    List<LicenseKeyRead> delivered = Collections.synchronizedList(new ArrayList<>());
    int[] failedPage = {0};
    try (PolarTestServer server = PolarTestServer.start(dataset)) {
      PolarClient polar =
          stoppingRedis(server, OnFailure.FAIL, stopped)
              .retries(2)
              .backoff(Duration.ofMillis(50), Duration.ofMillis(100));

      StepVerifier.create(polar.licenseKeys(query).doOnNext(delivered::add))
          .thenConsumeWhile(key -> true)
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isInstanceOf(PolarConnectionException.class);
                PolarConnectionException c = (PolarConnectionException) e;
                failedPage[0] = c.page();
                assertThat(c.getMessage())
                    .startsWith(
                        "The rate budget failed on page "
                            + c.page()
                            + ": Redis at "
                            + redis.uri()
                            + " failed: ");
                assertThat(c.attempts()).isEqualTo(3);
              })
          .verify(WAIT);

      assertThat(failedPage[0]).isBetween(13, 30);
      assertThat(ids(delivered))
          .isEqualTo(ids(dataset.keys().subList(0, (failedPage[0] - 1) * 10)));
      List<LicenseKeyRead> rest =
          PolarClient.create()
              .baseUrl(server.baseUrl())
              .token(server.token())
              .licenseKeys(query)
              .fromPage(failedPage[0])
              .collectList()
              .block(WAIT);
      List<LicenseKeyRead> all = new ArrayList<>(delivered);
      all.addAll(rest);
      assertThat(ids(all)).isEqualTo(ids(dataset.keys()));
    }
  }

  @Test
  void retryAfter_seenByOneReplica_pausesEveryReplica_untilTheNamedTime() throws Exception {
    LicenseKeyDataset dataset = LicenseKeyDataset.generate(50, 9L);
    CountDownLatch refused = new CountDownLatch(1);
    AtomicLong refusedAt = new AtomicLong();
    try (PolarTestServer server = PolarTestServer.start(dataset)) {
      server.faults().next(Fault.rateLimited("3"));
      PolarClient first =
          replica(server, RedisRateBudget.create(redis.uri()))
              .rateLimit(100)
              .listener(
                  new PolarListener() {
                    @Override
                    public void retrying(
                        int page, int attempt, PolarException error, Duration delay) {
                      refusedAt.set(System.nanoTime());
                      refused.countDown();
                    }
                  });
      PolarClient second = replica(server, RedisRateBudget.create(redis.uri())).rateLimit(100);

      Mono<List<LicenseKeyRead>> firstListing = first.licenseKeys().collectList().cache();
      firstListing.subscribe();
      assertThat(refused.await(30, TimeUnit.SECONDS)).isTrue();
      String pause =
          "polarflux:budget:{v1:" + PolarClient.budgetIdentity(server.token()) + "}:pause";
      long ttl = redis.inspect(c -> c.pttl(pause));
      assertThat(ttl).isBetween(1L, 3000L);
      List<LicenseKeyRead> secondKeys = second.licenseKeys().collectList().block(WAIT);
      long secondDone = System.nanoTime();

      assertThat(ids(secondKeys)).isEqualTo(ids(dataset.keys()));
      assertThat(ids(firstListing.block(WAIT))).isEqualTo(ids(dataset.keys()));
      // The second replica never saw the 429, yet waited for the time Polar named.
      assertThat(secondDone - refusedAt.get())
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2500));
      assertThat(server.requests())
          .extracting(RecordedRequest::status)
          .containsExactly(429, 200, 200);
    }
  }
}
