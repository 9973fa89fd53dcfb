package dev.polarflux;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A client-side request budget shared by every listing of a client: {@code permits} requests per
 * minute with bursts of up to {@code permits}, as a generic cell rate algorithm (one atomic
 * timestamp, no queue, no thread). Requests over the budget wait for their slot instead of earning
 * Polar's one-minute 429.
 */
final class RateLimiter {

  private final int permits;
  private final long intervalNanos;
  private final long burstNanos;
  private final AtomicLong theoreticalArrival = new AtomicLong(Long.MIN_VALUE);

  RateLimiter(int permitsPerMinute) {
    if (permitsPerMinute < 1) {
      throw new IllegalArgumentException(
          "permitsPerMinute must be at least 1, was: " + permitsPerMinute);
    }
    this.permits = permitsPerMinute;
    this.intervalNanos = TimeUnit.MINUTES.toNanos(1) / permitsPerMinute;
    this.burstNanos = intervalNanos * permitsPerMinute;
  }

  int permitsPerMinute() {
    return permits;
  }

  /** Reserves the next slot and waits for it on {@code scheduler}'s clock. */
  Mono<Void> acquire(Scheduler scheduler) {
    return Mono.defer(
        () -> {
          long wait = reserve(scheduler.now(TimeUnit.NANOSECONDS));
          // A request cancelled while it waits gives its slot back.
          if (wait <= 0) {
            return Mono.empty();
          }
          AtomicBoolean granted = new AtomicBoolean();
          return Mono.delay(Duration.ofNanos(wait), scheduler)
              .doOnNext(tick -> granted.set(true))
              .doOnCancel(
                  () -> {
                    if (!granted.get()) {
                      theoreticalArrival.addAndGet(-intervalNanos);
                    }
                  })
              .then();
        });
  }

  /** Returns how long to wait from {@code now} for the reserved slot. */
  long reserve(long now) {
    for (; ; ) {
      long tat = theoreticalArrival.get();
      long start = tat == Long.MIN_VALUE ? now : Math.max(tat, now);
      long next = start + intervalNanos;
      if (theoreticalArrival.compareAndSet(tat, next)) {
        return next - burstNanos - now;
      }
    }
  }
}
