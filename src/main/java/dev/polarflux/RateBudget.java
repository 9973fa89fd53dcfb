package dev.polarflux;

import dev.polarflux.internal.client.LocalRateBudget;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Where a client keeps its request budgets: for each {@link RateZone} and identity, the slots its
 * requests took, so that requests wait for a slot instead of earning Polar's 429, which costs a
 * minute. The client asks for a slot before every request, retries included.
 *
 * <p>The default, {@link #inMemory()}, counts the requests of one process. {@code
 * dev.polarflux.redis.RedisRateBudget} shares one count between every process that uses the same
 * Redis, for replicas that use one token. Implementations must be thread-safe and must not block.
 *
 * <p>An identity names who Polar counts: the client derives it from a hash of its token, so an
 * implementation never sees a token.
 */
public interface RateBudget {

  /**
   * Returns a new budget kept in this process's memory. Every slot keeps the window's limit: the
   * slot of a request is no earlier than the slot {@code limit} places before it plus the zone's
   * {@link RateZone#spacing() spacing}. A budget of 500 a minute lets 500 requests go at once and
   * the next 500 a window and a second later.
   *
   * @return a new, empty budget
   */
  static RateBudget inMemory() {
    return new LocalRateBudget();
  }

  /**
   * Takes the next slot of an identity in a zone and completes when its time has come, on {@code
   * scheduler}'s clock and timer; it blocks no thread. Each subscription takes a slot of its own;
   * cancelling it before it completes gives the slot back.
   *
   * @param zone the zone, with its limit
   * @param identity who is counted: a hash, never a token
   * @param scheduler the clock and timer to wait on
   * @return a {@code Mono} that completes empty when the request may go, or fails when the budget
   *     cannot be consulted
   */
  Mono<Void> acquire(RateZone zone, String identity, Scheduler scheduler);

  /**
   * Holds every slot of an identity in a zone for {@code retryAfter} from now, after Polar answered
   * 429 with {@code Retry-After}: requests that asked for a slot before the pause keep theirs,
   * later ones wait until the pause ends.
   *
   * @param zone the zone
   * @param identity who is counted: a hash, never a token
   * @param retryAfter how long Polar asked to wait, positive
   * @param scheduler the clock
   * @return a {@code Mono} that completes when the pause is recorded
   */
  Mono<Void> pause(RateZone zone, String identity, Duration retryAfter, Scheduler scheduler);
}
