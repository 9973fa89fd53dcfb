package dev.polarflux;

import dev.polarflux.internal.PageBody;
import dev.polarflux.internal.client.PageEvent;
import dev.polarflux.internal.client.PageTransport;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;

/**
 * A scripted transport with Polar's paging semantics over an in-memory list: records every request,
 * answers at once, or holds answers until a test releases them, or fails as scripted per page.
 */
final class FakeTransport implements PageTransport {

  private volatile List<LicenseKeyRead> keys;
  private final List<Integer> requests = new CopyOnWriteArrayList<>();
  private final List<String> tokens = new CopyOnWriteArrayList<>();
  private final Map<Integer, Queue<Supplier<Throwable>>> failures = new HashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger cancelled = new AtomicInteger();
  private volatile boolean holding;
  private final List<Held> held = new CopyOnWriteArrayList<>();

  private record Held(int page, PageBody body, Sinks.One<PageBody> sink) {}

  private volatile Pagination forcedPagination;

  FakeTransport(List<LicenseKeyRead> keys) {
    this.keys = keys;
  }

  FakeTransport(int count) {
    this(TestKeys.keys(count));
  }

  /** Makes the next requests for {@code page} fail with these errors, one each. */
  @SafeVarargs
  final synchronized FakeTransport failPage(int page, Supplier<Throwable>... errors) {
    Queue<Supplier<Throwable>> q = failures.computeIfAbsent(page, p -> new ArrayDeque<>());
    Collections.addAll(q, errors);
    return this;
  }

  /** Holds every answer until {@link #release(int)}. */
  FakeTransport hold() {
    holding = true;
    return this;
  }

  FakeTransport keys(List<LicenseKeyRead> keys) {
    this.keys = keys;
    return this;
  }

  FakeTransport forcePagination(Pagination pagination) {
    this.forcedPagination = pagination;
    return this;
  }

  /** Makes the next streamed request for {@code page} emit {@code keys} keys, then fail. */
  synchronized FakeTransport breakStream(int page, int keys, Supplier<Throwable> error) {
    breaks.computeIfAbsent(page, p -> new ArrayDeque<>()).add(new Break(keys, error));
    return this;
  }

  private record Break(int keys, Supplier<Throwable> error) {}

  private final Map<Integer, Queue<Break>> breaks = new HashMap<>();

  @Override
  public reactor.core.publisher.Flux<PageEvent> stream(ListingQuery query, int page, String token) {
    Break b;
    synchronized (this) {
      Queue<Break> q = breaks.get(page);
      b = q == null ? null : q.poll();
    }
    reactor.core.publisher.Flux<PageEvent> streamed =
        b == null
            ? PageTransport.super.stream(query, page, token)
            : fetch(query, page, token)
                .flatMapMany(
                    body ->
                        reactor.core.publisher.Flux.fromIterable(
                                body.items().subList(0, Math.min(b.keys(), body.items().size())))
                            .<PageEvent>map(PageEvent.Key::new)
                            .concatWith(Mono.error(b.error())));
    return streamed.doOnRequest(n -> streamDemand.merge(page, n, Operators::addCap));
  }

  private final Map<Integer, Long> streamDemand = new ConcurrentHashMap<>();

  /** The elements (keys and the pagination) asked of the streamed requests of {@code page}. */
  long streamDemand(int page) {
    return streamDemand.getOrDefault(page, 0L);
  }

  @Override
  public Mono<PageBody> fetch(ListingQuery query, int page, String token) {
    return Mono.defer(
        () -> {
          requests.add(page);
          tokens.add(String.valueOf(token));
          Supplier<Throwable> failure;
          synchronized (this) {
            Queue<Supplier<Throwable>> q = failures.get(page);
            failure = q == null ? null : q.poll();
          }
          if (failure != null) {
            return Mono.error(failure.get());
          }
          PageBody body = body(query.limit(), page);
          if (!holding) {
            return Mono.just(body);
          }
          Sinks.One<PageBody> sink = Sinks.one();
          held.add(new Held(page, body, sink));
          int now = inFlight.incrementAndGet();
          maxInFlight.accumulateAndGet(now, Math::max);
          return sink.asMono()
              .doOnCancel(
                  () -> {
                    cancelled.incrementAndGet();
                    inFlight.decrementAndGet();
                  });
        });
  }

  private PageBody body(int limit, int page) {
    List<LicenseKeyRead> all = keys;
    int total = all.size();
    int maxPage = (total + limit - 1) / limit;
    int from = (page - 1) * limit;
    List<LicenseKeyRead> items =
        from >= total
            ? List.of()
            : new ArrayList<>(all.subList(from, Math.min(total, from + limit)));
    Pagination p = forcedPagination != null ? forcedPagination : new Pagination(total, maxPage);
    return new PageBody(items, p);
  }

  /** Releases the held answer of the {@code i}-th held request (in arrival order). */
  void release(int i) {
    Held h = held.get(i);
    inFlight.decrementAndGet();
    h.sink().tryEmitValue(h.body());
  }

  List<Integer> requests() {
    return List.copyOf(requests);
  }

  List<String> tokens() {
    return List.copyOf(tokens);
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  int inFlight() {
    return inFlight.get();
  }

  int cancelled() {
    return cancelled.get();
  }

  List<Integer> heldPages() {
    return held.stream().map(Held::page).toList();
  }
}
