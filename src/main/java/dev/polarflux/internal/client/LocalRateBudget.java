package dev.polarflux.internal.client;

import dev.polarflux.RateBudget;
import dev.polarflux.RateZone;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>Memory follows the identities in use, not every identity ever seen: at most once a {@link
 * #SWEEP_INTERVAL}, an acquisition removes the logs whose slots have all left their window and
 * whose pause has ended, so a portal serving a million customers over a day holds only those of the
 * last minutes. A log is retired under its own lock; a request that finds its log retired takes a
 * fresh one, which starts empty, as the retired one was.
 */
public final class LocalRateBudget implements RateBudget {

  /** How often, at most, idle logs are looked for. */
  public static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  private final ConcurrentHashMap<Key, SlotLog> logs = new ConcurrentHashMap<>();
  private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);

  private record Key(String zone, String identity) {}

  private SlotLog log(Key key) {
    return logs.computeIfAbsent(key, k -> new SlotLog());
  }

  /** How many zone and identity logs the budget holds now. */
  public int identities() {
    return logs.size();
  }

  @Override
  public Mono<Void> acquire(RateZone zone, String identity, Scheduler scheduler) {
    Key key = new Key(zone.name(), Objects.requireNonNull(identity, "identity"));
    long spacing = zone.spacing().toNanos();
    return Mono.defer(
        () -> {
          long now = scheduler.now(TimeUnit.NANOSECONDS);
          sweepIfDue(now);
          SlotLog log;
          long slot;
          do {
            log = log(key);
            slot = log.reserve(now, zone.limit(), spacing);
          } while (slot == SlotLog.RETIRED);
          if (slot <= now) {
            return Mono.empty();
          }
          // A request cancelled while it waits gives its slot back.
          AtomicBoolean granted = new AtomicBoolean();
          SlotLog reserved = log;
          long reservedSlot = slot;
          return Mono.delay(Duration.ofNanos(slot - now), scheduler)
              .doOnNext(tick -> granted.set(true))
              .doOnCancel(
                  () -> {
                    if (!granted.get()) {
                      reserved.release(reservedSlot);
                    }
                  })
              .then();
        });
  }

  @Override
  public Mono<Void> pause(
      RateZone zone, String identity, Duration retryAfter, Scheduler scheduler) {
    Key key = new Key(zone.name(), Objects.requireNonNull(identity, "identity"));
    return Mono.fromRunnable(
        () -> {
          long until = scheduler.now(TimeUnit.NANOSECONDS) + retryAfter.toNanos();
          while (!log(key).pauseUntil(until)) {
            // Retired meanwhile: pause the fresh log instead.
          }
        });
  }

  /** Removes the idle logs, at most once a sweep interval, on the thread that finds it due. */
  private void sweepIfDue(long now) {
    long due = nextSweep.get();
    if (now < due || !nextSweep.compareAndSet(due, now + SWEEP_INTERVAL.toNanos())) {
      return;
    }
    for (Map.Entry<Key, SlotLog> entry : logs.entrySet()) {
      if (entry.getValue().retireIfIdle(now)) {
        logs.remove(entry.getKey(), entry.getValue());
      }
    }
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
    /** What {@link #reserve} answers once the log has been retired. */
    static final long RETIRED = Long.MIN_VALUE;

    private long[] slots = new long[16];
    private int head;
    private int size;
    private long pausedUntil = Long.MIN_VALUE;
    private long spacing;
    private boolean retired;

    /**
     * Takes the earliest slot at or after {@code now} that is no earlier than any slot handed out,
     * than the pause, and than the slot {@code limit} places back plus the spacing; or answers
     * {@link #RETIRED}.
     */
    synchronized long reserve(long now, int limit, long spacing) {
      if (retired) {
        return RETIRED;
      }
      this.spacing = Math.max(this.spacing, spacing);
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

    /** Holds every later slot until {@code until}; false if the log was retired. */
    synchronized boolean pauseUntil(long until) {
      if (retired) {
        return false;
      }
      pausedUntil = Math.max(pausedUntil, until);
      return true;
    }

    /**
     * Retires the log if it holds nothing that could delay a later request: every slot has left its
     * window and the pause has ended.
     */
    synchronized boolean retireIfIdle(long now) {
      boolean idle = now >= pausedUntil && (size == 0 || get(size - 1) <= now - spacing);
      if (idle) {
        retired = true;
      }
      return idle;
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
