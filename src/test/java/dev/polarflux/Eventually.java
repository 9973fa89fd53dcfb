package dev.polarflux;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/** Waits, bounded, for a condition another thread makes true; fails when it never does. */
final class Eventually {

  private Eventually() {}

  static void holds(BooleanSupplier condition) {
    Boolean ok =
        Mono.fromSupplier(condition::getAsBoolean)
            .filter(Boolean::booleanValue)
            .repeatWhenEmpty(250, attempts -> attempts.delayElements(Duration.ofMillis(20)))
            .onErrorReturn(false)
            .block(Duration.ofSeconds(10));
    if (!Boolean.TRUE.equals(ok)) {
      throw new AssertionError("condition did not hold within 5 seconds");
    }
  }
}
