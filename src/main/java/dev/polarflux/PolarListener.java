package dev.polarflux;

import java.time.Duration;
import reactor.core.observability.SignalListener;
import reactor.util.context.ContextView;

/**
 * Receives what happens to each page request, for metrics, logging or progress. Every method has an
 * empty default; implementations must be thread-safe and quick, since they run on the threads that
 * deliver responses.
 */
public interface PolarListener {

  /** A listener that ignores everything. */
  PolarListener NONE = new PolarListener() {};

  /**
   * A page arrived and decoded.
   *
   * @param page the page number
   * @param items how many keys it holds
   * @param attempts how many requests it took, at least 1
   * @param latency the time of the successful attempt
   */
  default void pageFetched(int page, int items, int attempts, Duration latency) {}

  /**
   * An attempt for a page failed and will be retried after {@code delay}.
   *
   * @param page the page number
   * @param attempt the attempt that failed, starting at 1
   * @param error what failed
   * @param delay how long the client waits before the next attempt
   */
  default void retrying(int page, int attempt, PolarException error, Duration delay) {}

  /**
   * A page failed for good; the listing ends with {@code error}.
   *
   * @param page the page number
   * @param error the error the subscriber receives
   */
  default void pageFailed(int page, Throwable error) {}

  /**
   * Returns what observes the request of one page from its first attempt to its end, retries and
   * back-off included: a Reactor {@link SignalListener} that sees the page's subscription, its
   * outcome and its cancellation. It may add to the Reactor context the page's request runs with
   * ({@link SignalListener#addToContext}), which is how a tracer makes the page the parent of the
   * HTTP client's span. Called once per page, when the listing subscribes to it, with the listing's
   * subscriber context:
   *
   * <pre>
   * listing ──subscribe page p──▶ pageObserver(p, ctx) ──▶ [attempt ─ back-off ─ attempt ...] ──▶ done
   * </pre>
   *
   * Default: {@code null}, nothing observed.
   *
   * @param page the page number
   * @param context the listing subscriber's context
   * @return a listener for this page's request, or {@code null}
   */
  default SignalListener<Object> pageObserver(int page, ContextView context) {
    return null;
  }
}
