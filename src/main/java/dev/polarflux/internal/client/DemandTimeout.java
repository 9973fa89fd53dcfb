package dev.polarflux.internal.client;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * Fails with a {@link TimeoutException} when no element arrives within {@code timeout} while the
 * subscriber is waiting for one. Unlike {@link Flux#timeout(Duration)}, the clock only runs while
 * there is outstanding demand, and not while the subscriber handles an element, so a subscriber
 * that pauses or works slowly is never mistaken for a server that stalls. Nor does it run before
 * {@code start} completes (the request going out), so that waiting for a connection is not taken
 * for a server that stalls either.
 */
public final class DemandTimeout<T> extends FluxOperator<T, T> {

  private final Duration timeout;
  private final Scheduler scheduler;
  private final Publisher<?> start;

  public DemandTimeout(Flux<? extends T> source, Duration timeout, Scheduler scheduler) {
    this(source, timeout, scheduler, Mono.empty());
  }

  public DemandTimeout(
      Flux<? extends T> source, Duration timeout, Scheduler scheduler, Publisher<?> start) {
    super(source);
    this.timeout = timeout;
    this.scheduler = scheduler;
    this.start = start;
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    TimeoutSubscriber<T> timed =
        new TimeoutSubscriber<>(Operators.serialize(actual), timeout, scheduler);
    source.subscribe(timed);
    timed.startWhen(start);
  }

  private static final class TimeoutSubscriber<T> implements CoreSubscriber<T>, Subscription {
    private final CoreSubscriber<? super T> actual;
    private final long timeoutNanos;
    private final Scheduler scheduler;
    private Subscription upstream;
    // Guarded by this.
    private long outstanding;
    private Disposable timer;
    private Object armed;
    private boolean done;
    private boolean started;
    private Disposable starting;

    TimeoutSubscriber(CoreSubscriber<? super T> actual, Duration timeout, Scheduler scheduler) {
      this.actual = actual;
      this.timeoutNanos = timeout.toNanos();
      this.scheduler = scheduler;
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }

    /** Lets the clock run once {@code start} completes. */
    void startWhen(Publisher<?> start) {
      Disposable d = Flux.from(start).subscribe(null, e -> {}, this::start);
      synchronized (this) {
        if (!done && !started) {
          starting = d;
          return;
        }
      }
      d.dispose();
    }

    private void start() {
      RejectedExecutionException rejected = null;
      synchronized (this) {
        if (done || started) {
          return;
        }
        started = true;
        if (outstanding > 0 && armed == null) {
          rejected = arm();
        }
      }
      if (rejected != null) {
        reject(rejected);
      }
    }

    @Override
    public void onSubscribe(Subscription s) {
      upstream = s;
      actual.onSubscribe(this);
    }

    @Override
    public void request(long n) {
      if (!Operators.validate(n)) {
        upstream.request(n);
        return;
      }
      RejectedExecutionException rejected;
      synchronized (this) {
        if (done) {
          return;
        }
        outstanding = Operators.addCap(outstanding, n);
        rejected = started && armed == null ? arm() : null;
      }
      if (rejected != null) {
        reject(rejected);
        return;
      }
      upstream.request(n);
    }

    @Override
    public void onNext(T t) {
      synchronized (this) {
        if (done) {
          Operators.onDiscard(t, actual.currentContext());
          return;
        }
        if (outstanding != Long.MAX_VALUE) {
          outstanding--;
        }
        disarm();
      }
      // The clock restarts only once the subscriber is done with the element: the time it takes
      // is not the server's.
      actual.onNext(t);
      RejectedExecutionException rejected = null;
      synchronized (this) {
        if (!done && started && outstanding > 0 && armed == null) {
          rejected = arm();
        }
      }
      if (rejected != null) {
        reject(rejected);
      }
    }

    @Override
    public void onError(Throwable t) {
      if (finish()) {
        actual.onError(t);
      } else {
        Operators.onErrorDropped(t, actual.currentContext());
      }
    }

    @Override
    public void onComplete() {
      if (finish()) {
        actual.onComplete();
      }
    }

    @Override
    public void cancel() {
      finish();
      upstream.cancel();
    }

    private synchronized boolean finish() {
      if (done) {
        return false;
      }
      done = true;
      disarm();
      if (starting != null) {
        starting.dispose();
        starting = null;
      }
      return true;
    }

    /** Called with the lock held; returns the scheduler's refusal instead of throwing it. */
    private RejectedExecutionException arm() {
      Object token = new Object();
      armed = token;
      try {
        timer = scheduler.schedule(() -> fire(token), timeoutNanos, TimeUnit.NANOSECONDS);
        return null;
      } catch (RejectedExecutionException e) {
        armed = null;
        return e;
      }
    }

    private void reject(RejectedExecutionException e) {
      if (finish()) {
        upstream.cancel();
        actual.onError(Operators.onRejectedExecution(e, actual.currentContext()));
      }
    }

    /** Called with the lock held. */
    private void disarm() {
      armed = null;
      if (timer != null) {
        timer.dispose();
        timer = null;
      }
    }

    private void fire(Object token) {
      synchronized (this) {
        if (done || armed != token) {
          return;
        }
        done = true;
        armed = null;
      }
      upstream.cancel();
      actual.onError(new TimeoutException("no element within the timeout while one was requested"));
    }
  }
}
