package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.redis.RedisRateBudget;
import dev.polarflux.redis.RedisRateBudget.OnFailure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.util.TestLogger;
import reactor.util.Loggers;

/** {@link RedisRateBudget} against a real {@code redis-server}. */
class RedisRateBudgetTest {

  private static final RateZone TEN_MINUTES = new RateZone("test", 3, Duration.ofMinutes(10));
  private static final String ID = "0123456789abcdef0123456789abcdef";
  private static final String SLOTS = "polarflux:budget:{test:" + ID + "}:slots";
  private static final String PAUSE = "polarflux:budget:{test:" + ID + "}:pause";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private RedisServer redis;
  private RedisClient inspector;
  private StatefulRedisConnection<String, String> inspection;
  private final List<RedisRateBudget> budgets = new ArrayList<>();

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    inspector = RedisClient.create(redis.uri());
    inspection = inspector.connect();
  }

  @AfterEach
  void stop() {
    budgets.forEach(RedisRateBudget::close);
    if (inspection != null) {
      inspection.close();
      inspector.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    if (redis != null) {
      redis.close();
    }
  }

  private RedisCommands<String, String> redisCommands() {
    return inspection.sync();
  }

  private RedisRateBudget budget(OnFailure onFailure, Duration timeout) {
    RedisRateBudget b =
        RedisRateBudget.builder(redis.uri()).onFailure(onFailure).timeout(timeout).build();
    budgets.add(b);
    return b;
  }

  private RedisRateBudget budget() {
    return budget(OnFailure.COUNT_LOCALLY, Duration.ofSeconds(2));
  }

  @Test
  void fourConnections_shareOneLog_slotsALimitApartAreASpacingApart_cancelledGiveBack() {
    AtomicInteger granted = new AtomicInteger();
    List<Disposable> waiting = new ArrayList<>();
    for (int replica = 0; replica < 4; replica++) {
      RedisRateBudget b = budget();
      for (int i = 0; i < 3; i++) {
        waiting.add(
            b.acquire(TEN_MINUTES, ID, Schedulers.parallel())
                .subscribe(null, null, granted::incrementAndGet));
      }
    }

    Eventually.holds(() -> redisCommands().zcard(SLOTS) == 12);
    assertThat(granted).hasValue(3);
    List<ScoredValue<String>> slots = redisCommands().zrangeWithScores(SLOTS, 0, -1);
    long spacingMicros = TimeUnit.NANOSECONDS.toMicros(TEN_MINUTES.spacing().toNanos());
    for (int i = 0; i + 3 < slots.size(); i++) {
      assertThat(slots.get(i + 3).getScore() - slots.get(i).getScore())
          .isGreaterThanOrEqualTo(spacingMicros);
    }
    long ttl = redisCommands().pttl(SLOTS);
    assertThat(ttl).isGreaterThan(TimeUnit.MINUTES.toMillis(40));
    assertThat(ttl).isLessThanOrEqualTo(TimeUnit.MINUTES.toMillis(41) + 1000);

    waiting.forEach(Disposable::dispose);
    Eventually.holds(() -> redisCommands().zcard(SLOTS) == 3);
    assertThat(granted).hasValue(3);
  }

  @Test
  void pause_byOneReplica_holdsTheOthers_untilItEnds() {
    RedisRateBudget first = budget();
    RedisRateBudget second = budget();
    AtomicInteger granted = new AtomicInteger();

    StepVerifier.create(first.pause(TEN_MINUTES, ID, Duration.ofSeconds(30), Schedulers.parallel()))
        .verifyComplete();
    second
        .acquire(TEN_MINUTES, ID, Schedulers.parallel())
        .subscribe(null, null, granted::incrementAndGet);

    Eventually.holds(() -> redisCommands().zcard(SLOTS) == 1);
    assertThat(granted).hasValue(0);
    assertThat(redisCommands().pttl(PAUSE)).isBetween(20_000L, 30_000L);
    assertThat(redisCommands().keys("*")).containsExactlyInAnyOrder(SLOTS, PAUSE);
  }

  @Test
  void redisStopped_countLocally_goesOnInMemory_warnsOncePerOutage() {
    TestLogger log = new TestLogger(false);
    Loggers.useCustomLoggers(name -> log);
    RedisRateBudget b;
    try {
      b = budget(OnFailure.COUNT_LOCALLY, Duration.ofSeconds(2));
    } finally {
      Loggers.resetLoggerFactory();
    }
    StepVerifier.create(b.acquire(TEN_MINUTES, ID, Schedulers.parallel())).verifyComplete();

    redis.close();

    // The in-memory budget starts empty: its limit of 3 applies from here.
    for (int i = 0; i < 3; i++) {
      StepVerifier.create(b.acquire(TEN_MINUTES, ID, Schedulers.parallel()))
          .expectComplete()
          .verify(WAIT);
    }
    StepVerifier.create(b.acquire(TEN_MINUTES, ID, Schedulers.parallel()))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(300))
        .thenCancel()
        .verify(WAIT);
    assertThat(log.getErrContent().lines().filter(l -> l.contains("WARN")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("the rate budget in " + redis.uri() + " failed (")
        .endsWith("counting in this process until it answers again");
  }

  @Test
  void redisStopped_fail_failsEachAcquisitionNamingRedis() {
    RedisRateBudget b = budget(OnFailure.FAIL, Duration.ofSeconds(2));
    StepVerifier.create(b.acquire(TEN_MINUTES, ID, Schedulers.parallel())).verifyComplete();

    redis.close();

    StepVerifier.create(b.acquire(TEN_MINUTES, ID, Schedulers.parallel()))
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Redis at " + redis.uri() + " failed: "))
        .verify(WAIT);
  }

  @Test
  void redisFrozen_theTimeoutBoundsTheWait_inBothModes() {
    RedisRateBudget open = budget(OnFailure.COUNT_LOCALLY, Duration.ofMillis(200));
    RedisRateBudget closed = budget(OnFailure.FAIL, Duration.ofMillis(200));
    StepVerifier.create(open.acquire(TEN_MINUTES, ID, Schedulers.parallel())).verifyComplete();
    StepVerifier.create(closed.acquire(TEN_MINUTES, ID, Schedulers.parallel())).verifyComplete();

    redis.freeze();
    try {
      StepVerifier.create(open.acquire(TEN_MINUTES, ID, Schedulers.parallel()))
          .expectComplete()
          .verify(WAIT);
      StepVerifier.create(closed.acquire(TEN_MINUTES, ID, Schedulers.parallel()))
          .expectErrorSatisfies(
              e ->
                  assertThat(e)
                      .hasMessage("Redis at " + redis.uri() + " failed: no answer within 200ms"))
          .verify(WAIT);
    } finally {
      redis.thaw();
    }
  }

  @Test
  void redisAbsentFromTheStart_countLocally_goesOn_fail_fails() {
    redis.close();
    RedisRateBudget open = budget(OnFailure.COUNT_LOCALLY, Duration.ofSeconds(1));
    RedisRateBudget closed = budget(OnFailure.FAIL, Duration.ofSeconds(1));

    StepVerifier.create(open.acquire(TEN_MINUTES, ID, Schedulers.parallel()))
        .expectComplete()
        .verify(WAIT);
    StepVerifier.create(closed.acquire(TEN_MINUTES, ID, Schedulers.parallel()))
        .expectError(IllegalStateException.class)
        .verify(WAIT);
  }

  @Test
  void builder_refusesBadSettings_andToStringHidesThePassword() {
    assertThatThrownBy(() -> RedisRateBudget.create("http://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a Redis URI such as redis://host:6379");
    assertThatThrownBy(() -> RedisRateBudget.builder(redis.uri()).keyPrefix("a b"))
        .hasMessage("prefix must be 1 to 64 letters, digits or ':_.-', was: a b");
    assertThatThrownBy(() -> RedisRateBudget.builder(redis.uri()).timeout(Duration.ZERO))
        .hasMessage("timeout must be positive, was: PT0S");
    assertThatThrownBy(
            () -> RedisRateBudget.builder(redis.uri()).connectTimeout(Duration.ofSeconds(-1)))
        .hasMessage("connectTimeout must be positive, was: PT-1S");
    try (RedisRateBudget b = RedisRateBudget.create("redis://:s3cret@127.0.0.1:1")) {
      assertThat(b.toString()).isEqualTo("redis://127.0.0.1:1");
      assertThat(PolarClient.create().rateBudget(b).toString())
          .contains("rateLimit=500/min in redis://127.0.0.1:1")
          .doesNotContain("s3cret");
    }
  }
}
