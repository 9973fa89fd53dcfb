package dev.polarflux.redis;

import dev.polarflux.RateBudget;
import dev.polarflux.RateZone;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * A {@link RateBudget} kept in Redis and shared by every process that uses the same Redis and key
 * prefix: replicas that use one token stay within one budget together, whichever replica sends.
 *
 * <pre>{@code
 * try (RedisRateBudget shared = RedisRateBudget.create("redis://redis.internal:6379")) {
 *   PolarClient polar = PolarClient.create().token(organizationToken).rateBudget(shared);
 *   // every replica's listings together stay within 500 requests a minute
 * }
 * }</pre>
 *
 * <p>Each acquisition is one Lua script, atomic in Redis, on Redis's clock: it keeps the same
 * sliding log as {@link RateBudget#inMemory()} in a sorted set, so no span of a window holds more
 * than the zone's limit across all replicas. The caller then waits for its slot on its own
 * scheduler; no thread blocks.
 *
 * <p>What Redis holds, per zone and identity (the identity is a hash of the token, never the
 * token): {@code <prefix>:{<zone>:<identity>}:slots}, a sorted set of the slots taken within the
 * last {@link RateZone#spacing() spacing} and those reserved ahead (one member per request, at most
 * the limit plus the waiting requests), which expires one spacing after its latest slot; and {@code
 * <prefix>:{<zone>:<identity>}:pause}, the time until which Polar's {@code Retry-After} holds the
 * zone, which expires when the pause ends. The braces keep both keys in one Redis Cluster slot.
 * Needs Redis 5 or later.
 *
 * <p>When Redis fails or does not answer within the {@linkplain Builder#timeout(Duration) timeout},
 * the budget does what {@link Builder#onFailure(OnFailure)} says: {@link OnFailure#COUNT_LOCALLY}
 * (the default) counts in this process's memory until Redis answers again, so listings go on but
 * each replica has the whole budget to itself meanwhile; {@link OnFailure#FAIL} fails the request,
 * which the client reports as a {@code PolarConnectionException} naming the page and retries like a
 * failed connection. A Redis restarted without its data forgets the slots taken: for one window the
 * replicas may send up to the budget again.
 *
 * <p>Needs {@code io.lettuce:lettuce-core} on the class path, an optional dependency of polarflux.
 * Close the budget when done to release its connection.
 */
public final class RedisRateBudget implements RateBudget, AutoCloseable {

  /** What the budget does when Redis fails or answers too late. */
  public enum OnFailure {
    /** Count in this process's memory until Redis answers again (fail open). */
    COUNT_LOCALLY,
    /** Fail the request (fail closed): nothing is sent without Redis's consent. */
    FAIL
  }

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9:_.-]{1,64}");

  /** After a failure, how long the budget does without Redis before it asks again. */
  private static final Duration QUIET = Duration.ofSeconds(1);

  /** Takes the next slot; returns how many microseconds to wait for it. */
  private static final Script ACQUIRE =
      new Script(
          String.join(
              "\n",
              "local t = redis.call('TIME')",
              "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])",
              "local limit = tonumber(ARGV[1])",
              "local spacing = tonumber(ARGV[2])",
              "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - spacing))",
              "local slot = now",
              "local paused = redis.call('GET', KEYS[2])",
              "if paused then slot = math.max(slot, tonumber(paused)) end",
              "local n = redis.call('ZCARD', KEYS[1])",
              "if n > 0 then",
              "  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')",
              "  slot = math.max(slot, tonumber(last[2]))",
              "end",
              "if n >= limit then",
              "  local back = redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')",
              "  slot = math.max(slot, tonumber(back[2]) + spacing)",
              "end",
              "redis.call('ZADD', KEYS[1], string.format('%.0f', slot), ARGV[3])",
              "redis.call('PEXPIRE', KEYS[1],"
                  + " string.format('%.0f', math.ceil((slot - now + spacing) / 1000)))",
              "return slot - now"));

  /** Holds the zone for ARGV[1] microseconds from now, unless it is held longer already. */
  private static final Script PAUSE =
      new Script(
          String.join(
              "\n",
              "local t = redis.call('TIME')",
              "local now = tonumber(t[1]) * 1000000 + tonumber(t[2])",
              "local pause = tonumber(ARGV[1])",
              "local current = redis.call('GET', KEYS[1])",
              "if (not current) or tonumber(current) < now + pause then",
              "  redis.call('SET', KEYS[1], string.format('%.0f', now + pause),"
                  + " 'PX', string.format('%.0f', math.ceil(pause / 1000)))",
              "end",
              "return 0"));

  /** Looked up per budget, so an application's logger configuration applies. */
  private final Logger log = Loggers.getLogger("dev.polarflux");

  private final RedisClient client;
  private final RedisURI uri;
  private final String where;
  private final Duration timeout;
  private final OnFailure onFailure;
  private final String prefix;
  private final RateBudget local = RateBudget.inMemory();
  private final String replica;
  private final AtomicLong members = new AtomicLong();
  private final AtomicReference<CompletableFuture<StatefulRedisConnection<String, String>>>
      connecting = new AtomicReference<>();
  private final Duration connectTimeout;
  private volatile boolean firstConnect = true;
  private final AtomicBoolean degraded = new AtomicBoolean();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile long quietUntil = System.nanoTime();
  private volatile String lastCause = "";
  private volatile boolean closed;

  private RedisRateBudget(Builder b) {
    this.uri = b.uri;
    this.where = "redis://" + b.uri.getHost() + ":" + b.uri.getPort();
    this.timeout = b.timeout;
    this.connectTimeout = b.connectTimeout;
    this.onFailure = b.onFailure;
    this.prefix = b.prefix;
    byte[] id = new byte[8];
    new SecureRandom().nextBytes(id);
    this.replica = HexFormat.of().formatHex(id);
    this.client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            // While the connection is down, fail at once (and fall back) instead of queueing.
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
  }

  /**
   * Returns a budget in the Redis at {@code redisUri} with the defaults: a timeout of 500 ms, a
   * connect timeout of 5 seconds, {@link OnFailure#COUNT_LOCALLY}, the key prefix {@code
   * polarflux:budget}. It connects on first use.
   *
   * @param redisUri a Redis URI such as {@code redis://host:6379}, {@code rediss://} for TLS, with
   *     a password as Lettuce accepts it
   * @return the budget
   * @throws IllegalArgumentException when the URI is not a Redis URI
   */
  public static RedisRateBudget create(String redisUri) {
    return builder(redisUri).build();
  }

  /**
   * Returns a builder for a budget in the Redis at {@code redisUri}.
   *
   * @param redisUri a Redis URI such as {@code redis://host:6379}
   * @return the builder
   * @throws IllegalArgumentException when the URI is not a Redis URI
   */
  public static Builder builder(String redisUri) {
    Objects.requireNonNull(redisUri, "redisUri");
    RedisURI parsed;
    try {
      parsed = RedisURI.create(redisUri);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a Redis URI such as redis://host:6379: " + e.getMessage(), e);
    }
    return new Builder(parsed);
  }

  @Override
  public Mono<Void> acquire(RateZone zone, String identity, Scheduler scheduler) {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(identity, "identity");
    String[] keys = {key(zone, identity, "slots"), key(zone, identity, "pause")};
    String limit = Integer.toString(zone.limit());
    String spacing = Long.toString(TimeUnit.NANOSECONDS.toMicros(zone.spacing().toNanos()));
    return Mono.defer(
        () -> {
          String member = replica + ":" + Long.toString(members.incrementAndGet(), 36);
          AtomicBoolean granted = new AtomicBoolean();
          return redis(c -> run(c, ACQUIRE, keys, limit, spacing, member), scheduler)
              .flatMap(
                  micros ->
                      micros <= 0
                          ? Mono.<Void>empty()
                          : Mono.delay(Duration.of(micros, ChronoUnit.MICROS), scheduler).then())
              .doOnSuccess(done -> granted.set(true))
              .doOnCancel(
                  () -> {
                    // A request cancelled while it waits gives its slot back.
                    if (!granted.get()) {
                      forget(keys[0], member);
                    }
                  })
              .onErrorResume(
                  failure -> {
                    // The script may have run even though its answer did not arrive.
                    forget(keys[0], member);
                    return failed(failure).then(local.acquire(zone, identity, scheduler));
                  });
        });
  }

  @Override
  public Mono<Void> pause(
      RateZone zone, String identity, Duration retryAfter, Scheduler scheduler) {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(identity, "identity");
    String[] keys = {key(zone, identity, "pause")};
    String micros = Long.toString(TimeUnit.NANOSECONDS.toMicros(retryAfter.toNanos()));
    // Held here too, so that counting locally after a failure honours it.
    return local
        .pause(zone, identity, retryAfter, scheduler)
        .then(redis(c -> run(c, PAUSE, keys, micros), scheduler))
        .then()
        .onErrorResume(this::failed);
  }

  /** Runs a command on the connection within the timeout; notes a recovery. */
  private Mono<Long> redis(
      Function<RedisReactiveCommands<String, String>, Mono<Long>> command, Scheduler scheduler) {
    if (degraded.get() && System.nanoTime() - quietUntil < 0) {
      // Spares every request the timeout of a Redis that just failed.
      return Mono.error(new Quiet());
    }
    // Lettuce's own command timeout (TimeoutOptions) bounds the command, on its timer wheel.
    return connection(scheduler)
        .flatMap(c -> command.apply(c.reactive()))
        .doOnNext(
            answer -> {
              if (degraded.compareAndSet(true, false)) {
                log.info("the rate budget in {} answers again", where);
              }
            });
  }

  /**
   * After a failure of Redis: empty to go on locally, or the error to fail closed. Logs once per
   * outage.
   */
  private Mono<Void> failed(Throwable failure) {
    String cause;
    if (failure instanceof Quiet) {
      cause = lastCause;
    } else {
      quietUntil = System.nanoTime() + QUIET.toNanos();
      cause =
          failure instanceof TimeoutException || failure instanceof RedisCommandTimeoutException
              ? "no answer within " + timeout.toMillis() + "ms"
              : failure.getClass().getSimpleName() + ": " + failure.getMessage();
      lastCause = cause;
    }
    if (degraded.compareAndSet(false, true)) {
      log.warn(
          "the rate budget in {} failed ({}); {}",
          where,
          cause,
          onFailure == OnFailure.COUNT_LOCALLY
              ? "counting in this process until it answers again"
              : "requests fail until it answers again");
    }
    if (onFailure == OnFailure.COUNT_LOCALLY) {
      return Mono.empty();
    }
    return Mono.error(
        new IllegalStateException("Redis at " + where + " failed: " + cause, failure));
  }

  /** Gives back a slot, if it was reserved; best effort, after the script on one connection. */
  private void forget(String slots, String member) {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null && c.isOpen()) {
      c.reactive().zrem(slots, member).subscribe(null, e -> {});
    }
  }

  private static Mono<Long> run(
      RedisReactiveCommands<String, String> c, Script script, String[] keys, String... args) {
    return c.<Long>evalsha(script.sha, ScriptOutputType.INTEGER, keys, args)
        .next()
        .onErrorResume(
            RedisNoScriptException.class,
            e -> c.<Long>eval(script.source, ScriptOutputType.INTEGER, keys, args).next());
  }

  /**
   * The connection. It is opened in the background: the first time, requests wait for it up to the
   * connect timeout; once that attempt has ended, they wait for a new attempt only up to the
   * timeout. Once open, Lettuce reconnects it by itself.
   */
  private Mono<StatefulRedisConnection<String, String>> connection(Scheduler scheduler) {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      return Mono.just(c);
    }
    return Mono.defer(
        () -> {
          if (closed) {
            return Mono.error(new IllegalStateException("the RedisRateBudget is closed"));
          }
          CompletableFuture<StatefulRedisConnection<String, String>> attempt = connecting.get();
          if (attempt == null || attempt.isCompletedExceptionally()) {
            CompletableFuture<StatefulRedisConnection<String, String>> next =
                new CompletableFuture<>();
            if (connecting.compareAndSet(attempt, next)) {
              client
                  .connectAsync(StringCodec.UTF8, uri)
                  .whenComplete(
                      (opened, failure) -> {
                        firstConnect = false;
                        if (failure != null) {
                          next.completeExceptionally(failure);
                        } else {
                          connection = opened;
                          next.complete(opened);
                        }
                      });
            }
            attempt = connecting.get();
          }
          Duration wait = firstConnect ? connectTimeout : timeout;
          return Mono.fromFuture(attempt, true).timeout(wait, scheduler);
        });
  }

  private String key(RateZone zone, String identity, String kind) {
    return prefix + ":{" + zone.name() + ":" + identity + "}:" + kind;
  }

  /** Closes the connection and the Redis client. */
  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  /** Names the Redis, without credentials. */
  @Override
  public String toString() {
    return where;
  }

  /** Stands for the last failure while the budget does without Redis for a moment. */
  private static final class Quiet extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Quiet() {
      super(null, null, false, false);
    }
  }

  private record Script(String source, String sha) {
    Script(String source) {
      this(source, sha1(source));
    }

    private static String sha1(String source) {
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java platform has SHA-1", e);
      }
    }
  }

  /** Configures a {@link RedisRateBudget}. Not thread-safe. */
  public static final class Builder {
    private final RedisURI uri;
    private Duration timeout = Duration.ofMillis(500);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private OnFailure onFailure = OnFailure.COUNT_LOCALLY;
    private String prefix = "polarflux:budget";

    private Builder(RedisURI uri) {
      this.uri = uri;
    }

    /**
     * Sets how long one exchange with Redis may take before it counts as a failure; also how long a
     * request waits for a new connection once the first attempt to connect has ended. Default: 500
     * ms.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive(timeout, "timeout");
      return this;
    }

    /**
     * Sets how long the first connection may take; the first requests wait for it that long.
     * Default: 5 seconds.
     *
     * @param connectTimeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, was: " + d);
      }
      return d;
    }

    /**
     * Sets what happens when Redis fails or answers too late. Default: {@link
     * OnFailure#COUNT_LOCALLY}.
     *
     * @param onFailure the behaviour
     * @return this builder
     */
    public Builder onFailure(OnFailure onFailure) {
      this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
      return this;
    }

    /**
     * Sets the prefix of the keys, so that separate deployments can share one Redis. Default:
     * {@code polarflux:budget}.
     *
     * @param prefix 1 to 64 letters, digits and {@code : _ . -}
     * @return this builder
     */
    public Builder keyPrefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException(
            "prefix must be 1 to 64 letters, digits or ':_.-', was: " + prefix);
      }
      this.prefix = prefix;
      return this;
    }

    /**
     * Builds the budget; it connects on first use.
     *
     * @return the budget
     */
    public RedisRateBudget build() {
      return new RedisRateBudget(this);
    }
  }
}
