package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.internal.client.LocalRateBudget;
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

class LocalRateBudgetTest {

  private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

  private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
  private final RateBudget budget = RateBudget.inMemory();
  private final AtomicInteger granted = new AtomicInteger();

  private Disposable acquire() {
    return acquire(budget, RateZone.api(2), "a");
  }

  private Disposable acquire(RateBudget in, RateZone zone, String identity) {
    return in.acquire(zone, identity, clock).subscribe(null, null, granted::incrementAndGet);
  }

  /** Acquires {@code n} slots at once and returns the virtual times at which they were granted. */
  private List<Long> grantTimes(RateZone zone, int n) {
    List<Long> times = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      budget
          .acquire(zone, "a", clock)
          .subscribe(null, null, () -> times.add(clock.now(TimeUnit.NANOSECONDS)));
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
    List<Long> times = grantTimes(RateZone.api(500), 1500);

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
    clock.advanceTimeBy(Duration.ofSeconds(59));
    List<Long> times = grantTimes(RateZone.api(500), 1000);

    assertThat(busiestMinute(times)).isEqualTo(500);
    Collections.sort(times);
    assertThat(times.get(500) - times.get(499)).isEqualTo(TimeUnit.SECONDS.toNanos(61));
  }

  @Test
  void randomArrivalsAndCancellations_neverMoreThanTheBudgetInAnyMinute() {
    RateZone zone = RateZone.api(50);
    Random random = new Random(7);
    List<Long> times = Collections.synchronizedList(new ArrayList<>());
    List<Disposable> waiting = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      clock.advanceTimeBy(Duration.ofMillis(random.nextInt(40)));
      waiting.add(
          budget
              .acquire(zone, "a", clock)
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
    budget.pause(RateZone.api(2), "a", Duration.ofSeconds(30), clock).block();
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
  void identitiesAndZones_areCountedApart() {
    RateZone other = new RateZone("customer-portal", 2, Duration.ofSeconds(1));
    acquire();
    acquire();
    acquire(budget, RateZone.api(2), "b");
    acquire(budget, other, "a");
    budget.pause(RateZone.api(2), "c", Duration.ofMinutes(5), clock).block();

    assertThat(granted).hasValue(4);
    acquire();
    acquire(budget, RateZone.api(2), "c");
    assertThat(granted).hasValue(4);
  }

  @Test
  void idleIdentities_areForgottenAfterTheirWindow_busyOnesKeepTheirCount() {
    LocalRateBudget local = (LocalRateBudget) budget;
    for (int i = 0; i < 10_000; i++) {
      acquire(budget, RateZone.api(2), "customer-" + i);
    }
    acquire();
    acquire();
    budget.pause(RateZone.api(2), "paused", Duration.ofMinutes(5), clock).block();
    assertThat(local.identities()).isEqualTo(10_002);
    assertThat(granted).hasValue(10_002);

    // One sweep interval later every slot is still inside its 61-second spacing: nothing goes.
    clock.advanceTimeBy(LocalRateBudget.SWEEP_INTERVAL);
    acquire();
    assertThat(local.identities()).isEqualTo(10_002);
    assertThat(granted).as("a third request within a's window waits").hasValue(10_002);
    clock.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(granted).hasValue(10_003);

    // Past their window the customers are forgotten; the pause and a's last slot are not over yet.
    clock.advanceTimeBy(LocalRateBudget.SWEEP_INTERVAL);
    acquire(budget, RateZone.api(2), "newcomer");
    assertThat(local.identities()).isEqualTo(3);
    acquire(budget, RateZone.api(2), "paused");
    assertThat(granted).as("the pause survived the sweep").hasValue(10_004);

    clock.advanceTimeBy(Duration.ofMinutes(5));
    assertThat(granted).hasValue(10_005);
    acquire(budget, RateZone.api(2), "customer-0");
    assertThat(granted).as("a forgotten identity starts afresh").hasValue(10_006);
  }

  @Test
  void zone_checksItsFields() {
    assertThatThrownBy(() -> RateZone.api(0)).hasMessage("limit must be at least 1, was: 0");
    assertThatThrownBy(() -> new RateZone("V1 ", 1, Duration.ofMinutes(1)))
        .hasMessage("name must be 1 to 32 lowercase letters, digits or dashes, was: V1 ");
    assertThatThrownBy(() -> new RateZone("v1", 1, Duration.ZERO))
        .hasMessage("window must be at least 1ms, was: PT0S");
    assertThat(RateZone.api(500).spacing()).isEqualTo(Duration.ofSeconds(61));
  }
}
