package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

class RateLimiterTest {

  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
  private final RateLimiter limiter = new RateLimiter(2);
  private final AtomicInteger granted = new AtomicInteger();

  private Disposable acquire() {
    return limiter.acquire(clock).subscribe(null, null, granted::incrementAndGet);
  }

  /** Acquires {@code n} slots at once and returns the virtual times at which they were granted. */
  private List<Long> grantTimes(RateLimiter budget, int n) {
    List<Long> times = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      budget.acquire(clock).subscribe(null, null, () -> times.add(clock.now(TimeUnit.NANOSECONDS)));
    }
    clock.advanceTimeBy(Duration.ofHours(1));
    assertThat(times).hasSize(n);
    return times;
  }

  /** The most grants any span of one minute, [t, t + 60 s), holds. */
  private static int busiestMinute(List<Long> times) {
    List<Long> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    int most = 0;
    int from = 0;
    for (int to = 0; to < sorted.size(); to++) {
      while (sorted.get(to) - sorted.get(from) >= MINUTE) {
        from++;
      }
      most = Math.max(most, to - from + 1);
    }
    return most;
  }

  @Test
  void budgetAtOnce_passes_thenTheNextWaitsAWindowAndItsAllowance() {
    acquire();
    acquire();
    acquire();

    assertThat(granted).hasValue(2);
    clock.advanceTimeBy(Duration.ofSeconds(60));
    assertThat(granted).hasValue(2);
    clock.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(granted).hasValue(3);
  }

  @Test
  void cancelledWaiter_givesItsSlotBack() {
    acquire();
    acquire();
    Disposable third = acquire();
    Disposable fourth = acquire();
    clock.advanceTimeBy(Duration.ofSeconds(10));

    fourth.dispose();
    third.dispose();
    acquire();
    acquire();

    clock.advanceTimeBy(Duration.ofSeconds(50));
    assertThat(granted).hasValue(2);
    clock.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(granted).as("both freed slots reused at 61 s").hasValue(4);
  }

  @Test
  void fifteenHundredAtFiveHundredPerMinute_noMinuteHoldsMoreThan500_inAboutTwoWindows() {
    List<Long> times = grantTimes(new RateLimiter(500), 1500);

    assertThat(busiestMinute(times)).isEqualTo(500);
    Collections.sort(times);
    // The 1,000th goes after one window and its allowance, the 1,500th after two: below the
    // floor of n / budget minutes that a steady rate needs.
    assertThat(times.get(999)).isEqualTo(TimeUnit.SECONDS.toNanos(61));
    assertThat(times.get(1499)).isEqualTo(TimeUnit.SECONDS.toNanos(122));
  }

  @Test
  void fullWindowJustBeforeABoundary_nextRequestsStillWaitAWholeWindow() {
    // Plain fixed windows would let 500 go at 0:59 and 500 more at 1:00.
    RateLimiter budget = new RateLimiter(500);
    clock.advanceTimeBy(Duration.ofSeconds(59));
    List<Long> times = grantTimes(budget, 1000);

    assertThat(busiestMinute(times)).isEqualTo(500);
    Collections.sort(times);
    assertThat(times.get(500) - times.get(499)).isEqualTo(TimeUnit.SECONDS.toNanos(61));
  }

  @Test
  void randomArrivalsAndCancellations_neverMoreThanTheBudgetInAnyMinute() {
    RateLimiter budget = new RateLimiter(50);
    Random random = new Random(7);
    List<Long> times = Collections.synchronizedList(new ArrayList<>());
    List<Disposable> waiting = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      clock.advanceTimeBy(Duration.ofMillis(random.nextInt(40)));
      waiting.add(
          budget
              .acquire(clock)
              .subscribe(null, null, () -> times.add(clock.now(TimeUnit.NANOSECONDS))));
      if (random.nextInt(4) == 0) {
        waiting.get(random.nextInt(waiting.size())).dispose();
      }
    }
    clock.advanceTimeBy(Duration.ofHours(3));

    assertThat(times).hasSizeGreaterThan(3000);
    assertThat(busiestMinute(times)).isEqualTo(50);
  }

  @Test
  void pause_holdsEverySlotUntilItEnds_thenTheBudgetAppliesAgain() {
    limiter.pauseUntil(TimeUnit.SECONDS.toNanos(30));
    acquire();
    acquire();
    acquire();

    clock.advanceTimeBy(Duration.ofSeconds(29));
    assertThat(granted).hasValue(0);
    clock.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(granted).hasValue(2);
    clock.advanceTimeBy(Duration.ofSeconds(61));
    assertThat(granted).hasValue(3);
  }

  @Test
  void budget_mustBePositive() {
    assertThatThrownBy(() -> new RateLimiter(0))
        .hasMessage("permitsPerMinute must be at least 1, was: 0");
  }
}
