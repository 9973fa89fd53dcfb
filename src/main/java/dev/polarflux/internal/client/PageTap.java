package dev.polarflux.internal.client;

import dev.polarflux.PolarListener;
import org.reactivestreams.Publisher;
import reactor.core.observability.DefaultSignalListener;
import reactor.core.observability.SignalListener;
import reactor.core.observability.SignalListenerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Taps a page's request with the {@link PolarListener#pageObserver page observer} of the client's
 * listener. A client without a listener gets no operator at all.
 */
public final class PageTap<T> implements SignalListenerFactory<T, Void> {

  private final PolarListener listener;
  private final int page;

  private PageTap(PolarListener listener, int page) {
    this.listener = listener;
    this.page = page;
  }

  static <T> Mono<T> observed(PolarListener listener, int page, Mono<T> request) {
    return listener == PolarListener.NONE ? request : request.tap(new PageTap<>(listener, page));
  }

  static <T> Flux<T> observed(PolarListener listener, int page, Flux<T> request) {
    return listener == PolarListener.NONE ? request : request.tap(new PageTap<>(listener, page));
  }

  @Override
  public Void initializePublisherState(Publisher<? extends T> source) {
    return null;
  }

  // A SignalListener<Object> only ever receives values, so it can stand for a SignalListener<T>.
  @Override
  @SuppressWarnings("unchecked")
  public SignalListener<T> createListener(
      Publisher<? extends T> source, ContextView listenerContext, Void publisherContext) {
    SignalListener<Object> observer = listener.pageObserver(page, listenerContext);
    return observer == null ? new DefaultSignalListener<T>() {} : (SignalListener<T>) observer;
  }
}
