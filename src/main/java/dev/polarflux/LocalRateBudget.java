package dev.polarflux;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The in-memory {@link RateBudget}: for each zone and identity, a sliding log of the slots handed
 * out (no thread, one short lock per acquisition). Polar counts fixed windows whose alignment a
 * client cannot know, so no span of one window may hold more than the zone's limit: slot {@code i +
 * limit} is never earlier than slot {@code i} plus the zone's {@link RateZone#spacing() spacing}.
 * Up to {@code limit} requests go at once; the next ones wait for the oldest of the last {@code
 * limit} slots to leave the window, so {@code n} requests take {@code ceil(n / limit) - 1}
 * spacings, less than the {@code n / limit} windows a steady rate needs.
 */
final class LocalRateBudget implements RateBudget {

  private final ConcurrentHashMap<Key, SlotLog> logs = new ConcurrentHashMap<>();

  private record Key(String zone, String identity) {}

  private SlotLog log(RateZone zone, String identity) {
    Objects.requireNonNull(identity, "identity");
    return logs.computeIfAbsent(new Key(zone.name(), identity), k -> new SlotLog());
  }

  @Override
  public Mono<Void> acquire(RateZone zone, String identity, Scheduler scheduler) {
    SlotLog log = log(zone, identity);
    long spacing = zone.spacing().toNanos();
    return Mono.defer(
        () -> {
          long now = scheduler.now(TimeUnit.NANOSECONDS);
          long slot = log.reserve(now, zone.limit(), spacing);
          if (slot <= now) {
            return Mono.empty();
          }
          // A request cancelled while it waits gives its slot back.
          AtomicBoolean granted = new AtomicBoolean();
          return Mono.delay(Duration.ofNanos(slot - now), scheduler)
              .doOnNext(tick -> granted.set(true))
              .doOnCancel(
                  () -> {
                    if (!granted.get()) {
                      log.release(slot);
                    }
                  })
              .then();
        });
  }

  @Override
  public Mono<Void> pause(
      RateZone zone, String identity, Duration retryAfter, Scheduler scheduler) {
    SlotLog log = log(zone, identity);
    return Mono.fromRunnable(
        () -> log.pauseUntil(scheduler.now(TimeUnit.NANOSECONDS) + retryAfter.toNanos()));
  }

  @Override
  public String toString() {
    return "memory";
  }

  /**
   * The slots of one zone and identity within the last spacing and those reserved ahead, in
   * ascending order, and the pause.
   */
  static final class SlotLog {
    private long[] slots = new long[16];
    private int head;
    private int size;
    private long pausedUntil = Long.MIN_VALUE;

    /**
     * Takes the earliest slot at or after {@code now} that is no earlier than any slot handed out,
     * than the pause, and than the slot {@code limit} places back plus the spacing.
     */
    synchronized long reserve(long now, int limit, long spacing) {
      dropUpTo(now - spacing);
      long slot = Math.max(now, pausedUntil);
      if (size > 0) {
        slot = Math.max(slot, get(size - 1));
      }
      if (size >= limit) {
        slot = Math.max(slot, get(size - limit) + spacing);
      }
      add(slot);
      return slot;
    }

    /** Gives back a slot that was reserved and not used. */
    synchronized void release(long slot) {
      remove(slot);
    }

    /** Holds every later slot until {@code until}. */
    synchronized void pauseUntil(long until) {
      pausedUntil = Math.max(pausedUntil, until);
    }

    private long get(int i) {
      return slots[(head + i) & (slots.length - 1)];
    }

    private void add(long slot) {
      if (size == slots.length) {
        long[] grown = new long[slots.length * 2];
        for (int i = 0; i < size; i++) {
          grown[i] = get(i);
        }
        slots = grown;
        head = 0;
      }
      slots[(head + size) & (slots.length - 1)] = slot;
      size++;
    }

    private void dropUpTo(long limit) {
      while (size > 0 && slots[head] <= limit) {
        head = (head + 1) & (slots.length - 1);
        size--;
      }
    }

    /** Removes one slot equal to {@code slot}, searching from the newest. */
    private void remove(long slot) {
      for (int i = size - 1; i >= 0; i--) {
        long s = get(i);
        if (s == slot) {
          for (int j = i; j < size - 1; j++) {
            slots[(head + j) & (slots.length - 1)] = get(j + 1);
          }
          size--;
          return;
        }
        if (s < slot) {
          return;
        }
      }
    }
  }
}
