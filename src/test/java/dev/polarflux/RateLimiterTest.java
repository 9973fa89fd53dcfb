package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.scheduler.VirtualTimeScheduler;

class RateLimiterTest {

  private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
  private final RateLimiter limiter = new RateLimiter(2);
  private final AtomicInteger granted = new AtomicInteger();

  private Disposable acquire() {
    return limiter.acquire(clock).subscribe(null, null, granted::incrementAndGet);
  }

  @Test
  void burstUpToTheBudget_passesAtOnce_thenOneSlotPerInterval() {
    acquire();
    acquire();
    acquire();

    assertThat(granted).hasValue(2);
    clock.advanceTimeBy(Duration.ofSeconds(29));
    assertThat(granted).hasValue(2);
    clock.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(granted).hasValue(3);
  }

  @Test
  void cancelledWaiter_givesItsSlotBack() {
    acquire();
    acquire();
    Disposable third = acquire();
    clock.advanceTimeBy(Duration.ofSeconds(10));

    third.dispose();
    acquire();

    clock.advanceTimeBy(Duration.ofSeconds(19));
    assertThat(granted).hasValue(2);
    clock.advanceTimeBy(Duration.ofSeconds(1));
    assertThat(granted).hasValue(3);
  }

  @Test
  void budget_mustBePositive() {
    assertThatThrownBy(() -> new RateLimiter(0))
        .hasMessage("permitsPerMinute must be at least 1, was: 0");
  }
}
