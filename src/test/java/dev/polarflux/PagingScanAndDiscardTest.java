package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.internal.client.PageEvent;
import dev.polarflux.internal.client.PageTransport;
import dev.polarflux.model.LicenseKeyRead;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Scannable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The paging operator as Reactor's tooling sees it: its scan attributes, and what it hands to the
 * discard hook when a streamed listing is cancelled.
 */
class PagingScanAndDiscardTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void scan_reportsDemandBufferedKeysCancellationAndTermination() {
    FakeTransport fake = new FakeTransport(250);
    AtomicReference<Subscription> upstream = new AtomicReference<>();
    List<LicenseKeyRead> received = new CopyOnWriteArrayList<>();
    BaseSubscriber<LicenseKeyRead> subscriber =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(Subscription s) {
            upstream.set(s);
            s.request(5);
          }

          @Override
          protected void hookOnNext(LicenseKeyRead key) {
            received.add(key);
          }
        };

    PolarClient.create(fake).licenseKeys(LicenseKeyQuery.create().limit(100)).subscribe(subscriber);

    assertThat(received).hasSize(5);
    Scannable scan = Scannable.from(upstream.get());
    assertThat(scan.isScanAvailable()).isTrue();
    assertThat(scan.scanUnsafe(Scannable.Attr.ACTUAL)).isSameAs(subscriber);
    assertThat(scan.scan(Scannable.Attr.REQUESTED_FROM_DOWNSTREAM)).isZero();
    assertThat(scan.scan(Scannable.Attr.BUFFERED)).isEqualTo(95);
    assertThat(scan.scan(Scannable.Attr.TERMINATED)).isFalse();
    assertThat(scan.scan(Scannable.Attr.CANCELLED)).isFalse();
    assertThat(scan.scan(Scannable.Attr.RUN_STYLE)).isEqualTo(Scannable.Attr.RunStyle.ASYNC);

    subscriber.cancel();
    assertThat(scan.scan(Scannable.Attr.CANCELLED)).isTrue();

    AtomicReference<Subscription> whole = new AtomicReference<>();
    PolarClient.create(fake)
        .licenseKeys(LicenseKeyQuery.create().limit(100))
        .subscribe(
            new BaseSubscriber<>() {
              @Override
              protected void hookOnSubscribe(Subscription s) {
                whole.set(s);
                s.request(Long.MAX_VALUE);
              }
            });
    Scannable completed = Scannable.from(whole.get());
    assertThat(completed.scan(Scannable.Attr.TERMINATED)).isTrue();
    assertThat(completed.scan(Scannable.Attr.BUFFERED)).isZero();
  }

  @Test
  void streamingCancel_discardsEveryKeyReceivedButNotDelivered() {
    FakeTransport fake = new FakeTransport(1000);
    List<LicenseKeyRead> streamed = new CopyOnWriteArrayList<>();
    PageTransport counting =
        new PageTransport() {
          @Override
          public reactor.core.publisher.Mono<dev.polarflux.internal.PageBody> fetch(
              ListingQuery query, int page, String token) {
            return fake.fetch(query, page, token);
          }

          @Override
          public Flux<PageEvent> stream(ListingQuery query, int page, String token) {
            return fake.stream(query, page, token)
                .doOnNext(
                    e -> {
                      if (e instanceof PageEvent.Key k) {
                        streamed.add(k.key());
                      }
                    });
          }
        };
    List<LicenseKeyRead> delivered = new CopyOnWriteArrayList<>();
    List<LicenseKeyRead> discarded = new CopyOnWriteArrayList<>();

    StepVerifier.create(
            PolarClient.create(counting)
                .streaming(true)
                .concurrency(4)
                .readAhead(3)
                .licenseKeys(LicenseKeyQuery.create().limit(100))
                .doOnNext(delivered::add)
                .doOnDiscard(LicenseKeyRead.class, discarded::add),
            30)
        .expectNextCount(30)
        .thenCancel()
        .verify(WAIT);

    assertThat(delivered).hasSize(30);
    assertThat(streamed).hasSizeGreaterThan(30);
    // Every key the transport handed over is delivered or discarded, never both, never twice.
    // (Reactor's own sources discard what they never emitted too: the hook may see more.)
    List<LicenseKeyRead> undelivered =
        streamed.stream().filter(k -> !delivered.contains(k)).toList();
    assertThat(undelivered).isNotEmpty();
    assertThat(discarded).containsAll(undelivered).doesNotContainAnyElementsOf(delivered);
    assertThat(discarded).doesNotHaveDuplicates();
  }
}
