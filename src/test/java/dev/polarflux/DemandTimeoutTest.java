package dev.polarflux;

import dev.polarflux.internal.client.DemandTimeout;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class DemandTimeoutTest {

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static <T> Flux<T> timed(Flux<T> source) {
    return new DemandTimeout<>(source, TIMEOUT, Schedulers.parallel());
  }

  @Test
  void noDemand_neverTimesOut() {
    StepVerifier.withVirtualTime(() -> timed(Flux.never()), 0)
        .expectSubscription()
        .expectNoEvent(Duration.ofHours(1))
        .thenCancel()
        .verify(WAIT);
  }

  @Test
  void demandWithoutElement_timesOut() {
    StepVerifier.withVirtualTime(() -> timed(Flux.never()), 1)
        .expectSubscription()
        .expectNoEvent(TIMEOUT.minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectError(TimeoutException.class)
        .verify(WAIT);
  }

  @Test
  void pauseAfterEverythingRequestedArrived_isNotATimeout() {
    StepVerifier.withVirtualTime(() -> timed(Flux.range(1, 3)), 2)
        .expectNext(1, 2)
        // Virtual time advanced while nothing is scheduled would be credited to the next task;
        // a far-off task keeps the clock honest.
        .then(() -> VirtualTimeScheduler.get().schedule(() -> {}, 2, TimeUnit.HOURS))
        .expectNoEvent(Duration.ofHours(1))
        .thenRequest(1)
        .expectNext(3)
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void eachElement_restartsTheClock() {
    Sinks.Many<Integer> sink = Sinks.many().unicast().onBackpressureBuffer();

    StepVerifier.withVirtualTime(() -> timed(sink.asFlux()), 3)
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(9))
        .then(() -> sink.tryEmitNext(1))
        .expectNext(1)
        .thenAwait(Duration.ofSeconds(9))
        .then(() -> sink.tryEmitNext(2))
        .expectNext(2)
        .thenAwait(TIMEOUT)
        .expectError(TimeoutException.class)
        .verify(WAIT);
  }

  @Test
  void slowSubscriber_isNotATimeout() {
    VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    Flux<Integer> timed = new DemandTimeout<>(Flux.range(1, 3), TIMEOUT, clock);

    // Each element takes the subscriber longer than the timeout to handle.
    StepVerifier.create(timed.doOnNext(i -> clock.advanceTimeBy(TIMEOUT.multipliedBy(2))))
        .expectNext(1, 2, 3)
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void demandBeforeTheStart_timesOutOnlyAfterTheStart() {
    Sinks.Empty<Void> start = Sinks.empty();

    StepVerifier.withVirtualTime(
            () -> new DemandTimeout<>(Flux.never(), TIMEOUT, Schedulers.parallel(), start.asMono()),
            1)
        .expectSubscription()
        .then(() -> VirtualTimeScheduler.get().schedule(() -> {}, 2, TimeUnit.HOURS))
        .expectNoEvent(Duration.ofHours(1))
        .then(start::tryEmitEmpty)
        .expectNoEvent(TIMEOUT.minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectError(TimeoutException.class)
        .verify(WAIT);
  }

  @Test
  void cancelledBeforeTheStart_stopsWaitingForIt() {
    Sinks.Empty<Void> start = Sinks.empty();

    StepVerifier.create(
            new DemandTimeout<>(Flux.never(), TIMEOUT, Schedulers.parallel(), start.asMono()))
        .expectSubscription()
        .thenCancel()
        .verify(WAIT);

    org.assertj.core.api.Assertions.assertThat(start.currentSubscriberCount()).isZero();
  }

  @Test
  void rejectingScheduler_failsTheSubscriberInsteadOfThrowing() {
    reactor.core.scheduler.Scheduler closed = Schedulers.newSingle("closed");
    closed.dispose();

    StepVerifier.create(new DemandTimeout<>(Flux.never(), TIMEOUT, closed))
        .expectError(java.util.concurrent.RejectedExecutionException.class)
        .verify(WAIT);
  }
}
