package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.internal.PageBody;
import dev.polarflux.internal.client.PageEvent;
import dev.polarflux.internal.client.PageTransport;
import dev.polarflux.internal.client.PagingSubscription;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * In streaming mode the drain loop must read {@code head.done} before {@code head.keys.peek()}: if,
 * between those two reads, the page's producer thread offers its last key, sets the pagination and
 * completes, the drain loop polls the slot away with the key still queued: the key is silently lost
 * (and when consumed == 0 the page counts as empty and the listing ends early). The interleaving is
 * forced deterministically here by a queue whose peek() lets the producer run to completion right
 * after it read "empty".
 */
class StreamingRaceTest {

  /** A queue whose next empty peek() runs {@code hook} before returning its (stale) null. */
  static final class HookedQueue extends ConcurrentLinkedQueue<LicenseKeyRead> {
    volatile Runnable hook;

    @Override
    public LicenseKeyRead peek() {
      LicenseKeyRead v = super.peek();
      Runnable h = hook;
      if (v == null && h != null) {
        hook = null;
        h.run();
      }
      return v;
    }
  }

  @Test
  void lastKeyOfAStreamedPage_isDeliveredWhenThePageCompletesBetweenPeekAndDone() throws Exception {
    List<LicenseKeyRead> keys = TestKeys.keys(2);
    Sinks.Many<PageEvent> page = Sinks.many().unicast().onBackpressureBuffer();
    PageTransport transport =
        new PageTransport() {
          @Override
          public Mono<PageBody> fetch(ListingQuery query, int p, String token) {
            return Mono.error(new UnsupportedOperationException());
          }

          @Override
          public Flux<PageEvent> stream(ListingQuery query, int p, String token) {
            return page.asFlux();
          }
        };

    List<Object> signals = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicReference<Subscription> upstream =
        new java.util.concurrent.atomic.AtomicReference<>();
    BaseSubscriber<LicenseKeyRead> subscriber =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(Subscription s) {
            upstream.set(s);
            s.request(2);
          }

          @Override
          protected void hookOnNext(LicenseKeyRead key) {
            signals.add(key.id());
          }

          @Override
          protected void hookOnComplete() {
            signals.add("complete");
          }

          @Override
          protected void hookOnError(Throwable t) {
            signals.add(t);
          }
        };
    PolarClient.create(transport).streaming(true).licenseKeys().subscribe(subscriber);

    // Key 0 arrives from a "network" thread and is delivered.
    Thread first = new Thread(() -> page.tryEmitNext(new PageEvent.Key(keys.get(0))));
    first.start();
    first.join();
    assertThat(signals).containsExactly(keys.get(0).id());

    // Swap the head slot's queue for one that lets the producer finish right after an empty peek.
    Subscription s = upstream.get();
    Field slotsField = PagingSubscription.class.getDeclaredField("slots");
    slotsField.setAccessible(true);
    Object slot = ((ArrayDeque<?>) slotsField.get(s)).peek();
    Field keysField = slot.getClass().getDeclaredField("keys");
    keysField.setAccessible(true);
    HookedQueue hooked = new HookedQueue();
    keysField.set(slot, hooked);
    hooked.hook =
        () -> {
          Thread producer =
              new Thread(
                  () -> {
                    page.tryEmitNext(new PageEvent.Key(keys.get(1)));
                    page.tryEmitNext(new PageEvent.End(new Pagination(2, 1)));
                    page.tryEmitComplete();
                  });
          producer.start();
          try {
            producer.join();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        };

    // Any drain now (here: a request from the consumer thread) hits the window.
    s.request(1);

    // Expected: key 0, key 1, complete. Actual: key 1 is dropped.
    assertThat(signals).containsExactly(keys.get(0).id(), keys.get(1).id(), "complete");
  }
}
