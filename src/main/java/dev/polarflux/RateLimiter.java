package dev.polarflux;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * A client-side request budget of {@code permits} requests per window, kept as a sliding log of the
 * slots handed out (no thread, one short lock per acquisition). Polar counts fixed one-minute
 * windows whose alignment a client cannot know, so no span of one window's length may hold more
 * than {@code permits} requests: slot {@code i + permits} is never earlier than slot {@code i} plus
 * the window and an allowance ({@link #spacingNanos}) for the time a request spends between its
 * slot and its arrival at Polar. Up to {@code permits} requests go at once; the next ones wait for
 * the oldest slot of the last {@code permits} to leave the window, so {@code n} requests take about
 * {@code (ceil(n / permits) - 1)} windows, never more than {@code n / permits} windows.
 */
final class RateLimiter {

  /** Polar's window. */
  static final Duration WINDOW = Duration.ofMinutes(1);

  private final int permits;
  private final long spacingNanos;
  private final SlotLog log = new SlotLog();
  private long pausedUntil = Long.MIN_VALUE;

  RateLimiter(int permitsPerMinute) {
    this(permitsPerMinute, WINDOW);
  }

  RateLimiter(int permits, Duration window) {
    if (permits < 1) {
      throw new IllegalArgumentException("permitsPerMinute must be at least 1, was: " + permits);
    }
    this.permits = permits;
    this.spacingNanos = spacingNanos(window);
  }

  /**
   * The least distance between slot {@code i} and slot {@code i + permits}: the window and one
   * sixtieth of it (a second of a minute) for the time between a slot and the request's arrival.
   */
  static long spacingNanos(Duration window) {
    long w = window.toNanos();
    return w + w / 60;
  }

  int permitsPerMinute() {
    return permits;
  }

  /** Reserves the next slot and waits for it on {@code scheduler}'s clock. */
  Mono<Void> acquire(Scheduler scheduler) {
    return Mono.defer(
        () -> {
          long now = scheduler.now(TimeUnit.NANOSECONDS);
          long slot = reserve(now);
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
                      release(slot);
                    }
                  })
              .then();
        });
  }

  /**
   * Takes the earliest slot at or after {@code now} that is no earlier than any slot handed out,
   * than the pause, and than the slot {@code permits} places back plus the spacing.
   */
  synchronized long reserve(long now) {
    log.dropUpTo(now - spacingNanos);
    long slot = Math.max(now, pausedUntil);
    int n = log.size();
    if (n > 0) {
      slot = Math.max(slot, log.get(n - 1));
    }
    if (n >= permits) {
      slot = Math.max(slot, log.get(n - permits) + spacingNanos);
    }
    log.add(slot);
    return slot;
  }

  /** Gives back a slot that was reserved and not used. */
  synchronized void release(long slot) {
    log.remove(slot);
  }

  /** Holds every slot until {@code until}, after Polar answered 429. */
  synchronized void pauseUntil(long until) {
    pausedUntil = Math.max(pausedUntil, until);
  }

  /** The slots within the last spacing and those reserved ahead, in ascending order. */
  private static final class SlotLog {
    private long[] slots = new long[16];
    private int head;
    private int size;

    int size() {
      return size;
    }

    long get(int i) {
      return slots[(head + i) & (slots.length - 1)];
    }

    void add(long slot) {
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

    void dropUpTo(long limit) {
      while (size > 0 && slots[head] <= limit) {
        head = (head + 1) & (slots.length - 1);
        size--;
      }
    }

    /** Removes one slot equal to {@code slot}, searching from the newest. */
    void remove(long slot) {
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
