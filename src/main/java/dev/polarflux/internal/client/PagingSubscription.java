package dev.polarflux.internal.client;

import dev.polarflux.DriftPolicy;
import dev.polarflux.LicenseKeyFlux;
import dev.polarflux.LicenseKeyPage;
import dev.polarflux.PolarException;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The paging operator behind {@link LicenseKeyFlux}: one subscription's state, driven by a
 * work-in-progress drain loop.
 *
 * <p>Demand decides everything. A page is requested only when the outstanding demand, plus the
 * read-ahead, exceeds the keys already buffered and expected from pages in flight; until the first
 * page reveals {@code max_page}, one page at a time; afterwards up to {@code concurrency} pages,
 * whose results wait in page order:
 *
 * <pre>
 * request(n) ──▶ demand + readAhead × limit − buffered − in flight × limit &gt; 0 ?
 *                                           ──▶ fetch next page (≤ concurrency)
 * page p done ──▶ slots [p] [p+1 ...] ──▶ head slot drained in order ──▶ onNext(key)...
 * </pre>
 *
 * <p>The read-ahead (0 by default) works like the prefetch of Reactor's {@code concatMap}: it is
 * replenished as keys are drained, so a subscriber that requests in small batches keeps {@code
 * concurrency} pages in flight, and one that stops requesting stops the paging once {@code
 * readAhead} pages beyond its demand are held. Nothing is read ahead before the first request.
 *
 * <p>Streamed pages follow the same plan. The head page, whose keys are being delivered, is read as
 * the outstanding demand asks (one key ahead), so that back-pressure reaches its socket; every
 * later page in flight is asked at once for its whole body ({@code limit} keys and its pagination)
 * and holds its keys until it becomes the head. So at most {@code concurrency} pages of keys are
 * held, a later page never waits for the subscriber's demand, and a subscriber that stops
 * requesting holds at most the head page's connection.
 *
 * <p>A page's failure is positional: the keys of earlier pages are delivered first, then the error;
 * later pages in flight are cancelled.
 */
public final class PagingSubscription<T> implements Subscription, Scannable {

  private final CoreSubscriber<? super T> actual;
  private final PageSource source;
  private final boolean pageMode;
  private final boolean streaming;
  private final int limit;
  private final int concurrency;
  private final int readAhead;
  private final long maxItems;
  private final DriftPolicy driftPolicy;
  private final Set<UUID> delivered;

  /** Stands for "the deadline ran out" until the drain loop, which knows the pending page. */
  private static final Throwable DEADLINE =
      new Throwable("deadline", null, false, false) {
        private static final long serialVersionUID = 1L;
      };

  private volatile long requested;

  @SuppressWarnings("rawtypes")
  private static final AtomicLongFieldUpdater<PagingSubscription> REQUESTED =
      AtomicLongFieldUpdater.newUpdater(PagingSubscription.class, "requested");

  private volatile int wip;

  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<PagingSubscription> WIP =
      AtomicIntegerFieldUpdater.newUpdater(PagingSubscription.class, "wip");

  private volatile Throwable interrupt;

  @SuppressWarnings("rawtypes")
  private static final AtomicReferenceFieldUpdater<PagingSubscription, Throwable> INTERRUPT =
      AtomicReferenceFieldUpdater.newUpdater(
          PagingSubscription.class, Throwable.class, "interrupt");

  private volatile boolean cancelled;
  private volatile boolean finished;
  private volatile Disposable deadlineTimer;

  // Touched only inside the drain loop.
  private final ArrayDeque<Slot> slots = new ArrayDeque<>();
  private List<LicenseKeyRead> current = List.of();
  private int index;

  /** A {@code long}, so that planning past {@code Integer.MAX_VALUE} cannot wrap. */
  private long nextPage;

  private int lastPage = -1;
  private boolean noMorePages;
  private boolean terminated;
  private long emitted;
  private Pagination first;

  public PagingSubscription(
      CoreSubscriber<? super T> actual, PageSource source, boolean pageMode, int startPage) {
    this.actual = actual;
    this.source = source;
    this.pageMode = pageMode;
    this.streaming = !pageMode && source.settings.streaming;
    this.limit = source.query.limit();
    this.concurrency = source.settings.concurrency;
    this.readAhead = Math.min(source.settings.readAhead, concurrency);
    this.maxItems = source.query.maxItems();
    this.driftPolicy = source.settings.driftPolicy;
    this.delivered = source.settings.dropDuplicates ? new HashSet<>() : null;
    this.nextPage = startPage;
  }

  /** Arms the deadline, if any; called once after {@code onSubscribe}. */
  public void start() {
    Duration deadline = source.settings.deadline;
    if (deadline != null) {
      deadlineTimer =
          source
              .scheduler()
              .schedule(
                  () -> interrupt(DEADLINE),
                  deadline.toNanos(),
                  java.util.concurrent.TimeUnit.NANOSECONDS);
      // The listing may have ended, or been cancelled, before the timer was set.
      if (cancelled || finished) {
        deadlineTimer.dispose();
      }
    }
  }

  private int pendingPage() {
    Slot head = slots.peek();
    return head != null ? head.page : (int) Math.min(Integer.MAX_VALUE, Math.max(1, nextPage));
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      interrupt(
          new IllegalArgumentException(
              "§3.9 violated: positive request amount required but it was " + n));
      return;
    }
    Operators.addCap(REQUESTED, this, n);
    drain();
  }

  @Override
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      disposeTimer();
      drain();
    }
  }

  private void interrupt(Throwable error) {
    if (INTERRUPT.compareAndSet(this, null, error)) {
      drain();
    }
  }

  private void drain() {
    if (WIP.getAndIncrement(this) != 0) {
      return;
    }
    int missed = 1;
    for (; ; ) {
      if (!terminated) {
        drainOnce();
      }
      if (terminated) {
        discardCurrent();
        cancelSlots();
      }
      missed = WIP.addAndGet(this, -missed);
      if (missed == 0) {
        return;
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void drainOnce() {
    long r = requested;
    long e = 0;
    for (; ; ) {
      if (cancelled) {
        terminated = true;
        return;
      }
      Throwable stop = interrupt;
      if (stop != null) {
        terminate(
            stop == DEADLINE
                ? ExceptionFactory.deadline(source.settings.deadline, pendingPage())
                : stop);
        return;
      }
      if (index < current.size()) {
        if (e == r) {
          break;
        }
        e++;
        if (!emitKey(current.get(index++))) {
          return;
        }
        continue;
      }
      Slot head = slots.peek();
      if (head == null) {
        if (noMorePages) {
          complete();
          return;
        }
        break;
      }
      // Read done before polling: a slot that is done with an empty queue has no key left.
      boolean headDone = head.done;
      if (streaming) {
        LicenseKeyRead key = head.keys.peek();
        if (key != null) {
          if (e == r) {
            break;
          }
          head.keys.poll();
          head.consumed++;
          if (delivered != null && !delivered.add(key.id())) {
            continue;
          }
          e++;
          if (!emitKey(key)) {
            return;
          }
          continue;
        }
      }
      if (!headDone) {
        break;
      }
      if (head.error != null) {
        slots.poll();
        terminate(head.error);
        return;
      }
      if (pageMode && e == r) {
        break;
      }
      slots.poll();
      if (streaming) {
        if (head.pagination == null) {
          terminate(new IllegalStateException("page " + head.page + " ended without pagination"));
          return;
        }
        if (!acceptPagination(head.page, head.pagination, head.consumed == 0)) {
          return;
        }
        continue;
      }
      LicenseKeyPage page = accept(head.page, head.value.get());
      if (page == null) {
        return;
      }
      if (pageMode) {
        actual.onNext((T) page);
        e++;
        emitted += page.items().size();
        if (maxItems > 0 && emitted >= maxItems) {
          complete();
          return;
        }
      } else {
        current = page.items();
        index = 0;
      }
    }
    if (e != 0 && r != Long.MAX_VALUE) {
      r = REQUESTED.addAndGet(this, -e);
    } else {
      r = requested;
    }
    if (streaming) {
      requestStreamed(r);
    }
    plan(r);
    if (noMorePages && slots.isEmpty() && index >= current.size() && !terminated) {
      complete();
    }
  }

  /**
   * Asks the streamed pages for keys: the head page as the outstanding demand {@code r} wants, so
   * that back-pressure reaches its socket; every later page for all of its keys at once, which it
   * holds until it becomes the head. A later page thus never waits for the subscriber's demand
   * (though a subscriber that works long in {@code onNext} holds the event loop it runs on, which
   * later pages' connections may share: see the README on slow work).
   */
  private void requestStreamed(long r) {
    boolean head = true;
    for (Slot s : slots) {
      if (!s.done) {
        if (head) {
          s.replenish(r);
        } else {
          s.requestWhole();
        }
      }
      head = false;
    }
  }

  /**
   * Emits a key; returns {@code false} when that reached the item cap and completed the listing.
   */
  @SuppressWarnings("unchecked")
  private boolean emitKey(LicenseKeyRead key) {
    actual.onNext((T) key);
    emitted++;
    if (maxItems > 0 && emitted >= maxItems) {
      if (cancelled) {
        terminated = true;
      } else {
        complete();
      }
      return false;
    }
    return true;
  }

  /**
   * Takes in a page that arrived: learns {@code max_page}, checks drift, drops repeats, applies the
   * cap. Returns the page to deliver, or {@code null} when the listing terminated.
   */
  private LicenseKeyPage accept(int pageNumber, LicenseKeyPage page) {
    Pagination pagination = page.pagination();
    boolean drifted = first != null && !first.equals(pagination);
    if (!acceptPagination(pageNumber, pagination, page.items().isEmpty())) {
      return null;
    }
    List<LicenseKeyRead> items = page.items();
    if (delivered != null) {
      List<LicenseKeyRead> fresh = new ArrayList<>(items.size());
      for (LicenseKeyRead key : items) {
        if (delivered.add(key.id())) {
          fresh.add(key);
        }
      }
      items = fresh;
    }
    if (maxItems > 0 && pageMode && emitted + items.size() > maxItems) {
      items = items.subList(0, (int) (maxItems - emitted));
    }
    if (items != page.items() || drifted) {
      return new LicenseKeyPage(pageNumber, items, pagination, drifted);
    }
    return page;
  }

  /**
   * Learns {@code max_page} from a page that arrived and checks drift. Returns {@code false} when
   * the listing terminated.
   */
  private boolean acceptPagination(int pageNumber, Pagination pagination, boolean empty) {
    if (first == null) {
      first = pagination;
    } else if (!first.equals(pagination)) {
      if (driftPolicy == DriftPolicy.FAIL) {
        terminate(ExceptionFactory.listingChanged(pageNumber, pagination, first));
        return false;
      }
    }
    lastPage = pagination.maxPage();
    if (empty || pageNumber >= lastPage) {
      noMorePages = true;
      cancelSlots();
    } else {
      // A shrunken max_page makes pages in flight beyond it useless.
      Iterator<Slot> it = slots.descendingIterator();
      while (it.hasNext()) {
        Slot s = it.next();
        if (s.page <= lastPage) {
          break;
        }
        s.cancel();
        s.discard();
        it.remove();
        nextPage = s.page;
      }
    }
    return true;
  }

  /** Starts the pages the outstanding demand {@code r} needs, within the concurrency. */
  private void plan(long r) {
    while (!noMorePages && !cancelled && interrupt == null) {
      if (nextPage > Integer.MAX_VALUE || (lastPage >= 0 && nextPage > lastPage)) {
        noMorePages = slots.isEmpty();
        return;
      }
      int window = lastPage < 0 ? 1 : concurrency;
      if (slots.size() >= window || !needsAnotherPage(r)) {
        return;
      }
      Slot slot = new Slot((int) nextPage++);
      slots.add(slot);
      if (streaming) {
        source.streamedPage(slot.page).subscribe(slot);
      } else {
        source.page(slot.page).<PageEvent>map(PageEvent.Whole::new).subscribe(slot);
      }
    }
  }

  private boolean needsAnotherPage(long r) {
    if (pageMode) {
      long pending = slots.size();
      if (maxItems > 0 && emitted + pending * limit >= maxItems) {
        return false;
      }
      return r == Long.MAX_VALUE || Operators.addCap(r, readAhead) > pending;
    }
    long available = current.size() - index;
    for (Slot s : slots) {
      LicenseKeyPage value = s.value.get();
      available += s.done && value != null ? value.items().size() : limit - s.consumed;
    }
    if (maxItems > 0 && emitted + available >= maxItems) {
      return false;
    }
    return r == Long.MAX_VALUE || Operators.addCap(r, (long) readAhead * limit) > available;
  }

  private void complete() {
    terminated = true;
    finished = true;
    disposeTimer();
    actual.onComplete();
  }

  private void terminate(Throwable error) {
    terminated = true;
    finished = true;
    disposeTimer();
    actual.onError(error);
    if (error instanceof PolarException pe) {
      source.failed(pe.page(), error);
    }
  }

  /** Cancels the pages in flight and discards those that arrived but were not delivered. */
  private void cancelSlots() {
    Slot s;
    while ((s = slots.poll()) != null) {
      s.cancel();
      s.discard();
    }
  }

  /** Discards the keys of the page being delivered that the subscriber will not receive. */
  private void discardCurrent() {
    if (index < current.size()) {
      Operators.onDiscardMultiple(current.subList(index, current.size()), actual.currentContext());
    }
    current = List.of();
    index = 0;
  }

  private void disposeTimer() {
    Disposable timer = deadlineTimer;
    if (timer != null) {
      timer.dispose();
    }
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Object scanUnsafe(Attr key) {
    if (key == Attr.ACTUAL) {
      return actual;
    }
    if (key == Attr.REQUESTED_FROM_DOWNSTREAM) {
      return requested;
    }
    if (key == Attr.CANCELLED) {
      return cancelled;
    }
    if (key == Attr.PREFETCH) {
      return concurrency;
    }
    if (key == Attr.TERMINATED) {
      return finished;
    }
    if (key == Attr.BUFFERED) {
      // The keys of the page being delivered that are still to go; read racily, as scans are.
      List<LicenseKeyRead> page = current;
      return page == null ? 0 : Math.max(0, page.size() - index);
    }
    if (key == Attr.RUN_STYLE) {
      return Attr.RunStyle.ASYNC;
    }
    return null;
  }

  /** One page request and, once it is done, its outcome. */
  private final class Slot implements CoreSubscriber<PageEvent>, Scannable {
    final int page;
    final AtomicReference<LicenseKeyPage> value = new AtomicReference<>();
    final Queue<LicenseKeyRead> keys = streaming ? new ConcurrentLinkedQueue<>() : null;
    final AtomicLong received = new AtomicLong();
    volatile Pagination pagination;
    long requestedUpstream;
    int consumed;
    volatile Throwable error;
    volatile boolean done;
    final AtomicReference<Subscription> upstream = new AtomicReference<>();

    Slot(int page) {
      this.page = page;
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription s) {
      if (upstream.compareAndSet(null, s)) {
        if (streaming) {
          drain();
        } else {
          s.request(Long.MAX_VALUE);
        }
      } else {
        s.cancel();
      }
    }

    @Override
    public void onNext(PageEvent event) {
      if (event instanceof PageEvent.Key k) {
        received.incrementAndGet();
        keys.offer(k.key());
        if (isCancelled()) {
          discard();
        }
        drain();
      } else if (event instanceof PageEvent.End end) {
        received.incrementAndGet();
        pagination = end.pagination();
      } else if (event instanceof PageEvent.Whole whole) {
        value.set(whole.page());
        // A page that arrives as its slot is cancelled is discarded here or by discard().
        if (isCancelled()) {
          discard();
        }
      }
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Object scanUnsafe(Attr key) {
      if (key == Attr.PARENT) {
        Subscription s = upstream.get();
        return s == Operators.cancelledSubscription() ? null : s;
      }
      if (key == Attr.ACTUAL) {
        return PagingSubscription.this;
      }
      if (key == Attr.TERMINATED) {
        return done;
      }
      if (key == Attr.CANCELLED) {
        return isCancelled();
      }
      if (key == Attr.ERROR) {
        return error;
      }
      if (key == Attr.BUFFERED) {
        return buffered();
      }
      if (key == Attr.RUN_STYLE) {
        return Attr.RunStyle.ASYNC;
      }
      return null;
    }

    /** The keys this page holds and has not delivered. */
    int buffered() {
      if (keys != null) {
        return keys.size();
      }
      LicenseKeyPage v = value.get();
      return v == null ? 0 : v.items().size() - consumed;
    }

    @Override
    public String toString() {
      return "PagingSubscription.Slot[page=" + page + "]";
    }

    boolean isCancelled() {
      return upstream.get() == Operators.cancelledSubscription();
    }

    /** Hands what this page holds and will never deliver to the discard hook, once. */
    void discard() {
      Context context = actual.currentContext();
      if (keys != null) {
        Operators.onDiscardQueueWithClear(keys, context, null);
      }
      LicenseKeyPage v = value.getAndSet(null);
      if (v != null) {
        if (pageMode) {
          Operators.onDiscard(v, context);
        } else {
          Operators.onDiscardMultiple(v.items(), context);
        }
      }
    }

    /**
     * Asks the streamed page for as many keys as the outstanding demand {@code r} wants, at most a
     * page, plus one for its pagination; counting those queued and those asked for already. The
     * extra one lets the page complete without further demand, at the cost of reading at most one
     * key ahead (two when {@code received} is counted before the key is queued).
     */
    void replenish(long r) {
      Subscription s = upstream.get();
      if (s == null || s == Operators.cancelledSubscription()) {
        return;
      }
      long want = Math.min(r, limit) + 1;
      long pending = requestedUpstream - received.get() + keys.size();
      if (want > pending) {
        requestedUpstream += want - pending;
        s.request(want - pending);
      }
    }

    /**
     * Asks a streamed page that is not the head for its whole body at once: at most {@code limit}
     * keys and its pagination.
     */
    void requestWhole() {
      Subscription s = upstream.get();
      if (s == null || s == Operators.cancelledSubscription()) {
        return;
      }
      long whole = limit + 1L;
      if (requestedUpstream < whole) {
        long more = whole - requestedUpstream;
        requestedUpstream = whole;
        s.request(more);
      }
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      done = true;
      drain();
    }

    @Override
    public void onComplete() {
      if (value.get() == null && pagination == null && error == null) {
        error = new IllegalStateException("page " + page + " completed without a value");
      }
      done = true;
      drain();
    }

    void cancel() {
      Subscription s = upstream.getAndSet(Operators.cancelledSubscription());
      if (s != null) {
        s.cancel();
      }
    }
  }
}
