package dev.polarflux.micrometer;

import dev.polarflux.PolarException;
import dev.polarflux.PolarListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Objects;
import reactor.core.observability.DefaultSignalListener;
import reactor.core.observability.SignalListener;
import reactor.core.publisher.SignalType;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * A {@link PolarListener} that records a client's pages, keys, retries, errors and page latency in
 * a Micrometer {@link MeterRegistry} and, given an {@link ObservationRegistry}, one {@link
 * Observation} per page request for tracing.
 *
 * <pre>{@code
 * PolarClient polar = PolarClient.create()
 *     .token(token)
 *     .listener(MicrometerPolarListener.create(meterRegistry).observationRegistry(observations))
 *     .metrics(true);   // Reactor Netty's own reactor.netty.http.client.* meters, too
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@value #PAGES}</td><td>counter</td><td></td><td>pages fetched and decoded</td></tr>
 *   <tr><td>{@value #KEYS}</td><td>counter</td><td></td><td>keys in the fetched pages</td></tr>
 *   <tr><td>{@value #PAGE_LATENCY}</td><td>timer</td><td></td>
 *       <td>the successful attempt of each page</td></tr>
 *   <tr><td>{@value #RETRIES}</td><td>counter</td><td>{@value #EXCEPTION_TAG}</td>
 *       <td>failed attempts that are retried</td></tr>
 *   <tr><td>{@value #ERRORS}</td><td>counter</td><td>{@value #EXCEPTION_TAG}</td>
 *       <td>pages that failed for good, each ending its listing</td></tr>
 * </table>
 *
 * <p>The {@value #EXCEPTION_TAG} tag is the simple class name of the error, such as {@code
 * PolarServerException}. No tag carries a page number, a token, or anything else that grows with
 * the traffic.
 *
 * <p>The observation {@value #PAGE_OBSERVATION} spans one page from its first attempt to its end,
 * retries and back-off included. Its parent is the observation in the subscriber's Reactor context
 * under {@value #OBSERVATION_KEY} (where Spring's instrumentation, Reactor's {@code
 * Micrometer.observation} and {@code contextCapture()} put it), and it is put there in turn for the
 * page's HTTP requests, so that Reactor Netty's client observations ({@link
 * dev.polarflux.PolarClient#metrics(boolean)}) become its children. Its low-cardinality key value
 * {@value #OUTCOME_KEY} is {@code success}, {@code error} or {@code cancelled}; the page number is
 * a high-cardinality key value ({@value #PAGE_KEY}), which tracers put on the span and meter
 * handlers leave out.
 *
 * <p>Immutable and thread-safe; {@link #observationRegistry} returns a copy.
 */
// Micrometer is required statically, not transitively: a module that uses this class has its own
// registry, so it requires Micrometer itself, and one that does not never needs Micrometer.
@SuppressWarnings("exports")
public final class MicrometerPolarListener implements PolarListener {

  /** The counter of pages fetched and decoded. */
  public static final String PAGES = "polarflux.pages";

  /** The counter of keys in the fetched pages. */
  public static final String KEYS = "polarflux.keys";

  /** The timer of each page's successful attempt. */
  public static final String PAGE_LATENCY = "polarflux.page.latency";

  /** The counter of failed attempts that are retried, tagged with {@value #EXCEPTION_TAG}. */
  public static final String RETRIES = "polarflux.retries";

  /** The counter of pages that failed for good, tagged with {@value #EXCEPTION_TAG}. */
  public static final String ERRORS = "polarflux.errors";

  /** The tag that names an error's type: its simple class name. */
  public static final String EXCEPTION_TAG = "exception";

  /** The name of the observation of one page request. */
  public static final String PAGE_OBSERVATION = "polarflux.page";

  /**
   * The observation's low-cardinality key value: {@code success}, {@code error}, {@code cancelled}.
   */
  public static final String OUTCOME_KEY = "outcome";

  /** The observation's high-cardinality key value: the page number. */
  public static final String PAGE_KEY = "polarflux.page.number";

  /**
   * The Reactor context key of the current observation, the one Micrometer's {@code
   * ObservationThreadLocalAccessor} and Reactor Netty use.
   */
  public static final String OBSERVATION_KEY = "micrometer.observation";

  private final MeterRegistry registry;
  private final ObservationRegistry observations;
  private final Counter pages;
  private final Counter keys;
  private final Timer latency;

  private MicrometerPolarListener(MeterRegistry registry, ObservationRegistry observations) {
    this.registry = registry;
    this.observations = observations;
    this.pages = Counter.builder(PAGES).description("Pages fetched and decoded").register(registry);
    this.keys =
        Counter.builder(KEYS).description("License keys in the fetched pages").register(registry);
    this.latency =
        Timer.builder(PAGE_LATENCY)
            .description("Time of the successful attempt of a page")
            .register(registry);
  }

  /**
   * Creates a listener that records meters in {@code registry} and makes no observation.
   *
   * @param registry where the meters go
   * @return a new listener
   */
  public static MicrometerPolarListener create(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return new MicrometerPolarListener(registry, ObservationRegistry.NOOP);
  }

  /**
   * Returns a copy that also makes an observation of each page request in {@code observations}.
   * Default: {@link ObservationRegistry#NOOP}, no observation.
   *
   * @param observations the observation registry
   * @return a copy making observations
   */
  public MicrometerPolarListener observationRegistry(ObservationRegistry observations) {
    Objects.requireNonNull(observations, "observations");
    return new MicrometerPolarListener(registry, observations);
  }

  @Override
  public void pageFetched(int page, int items, int attempts, Duration latency) {
    pages.increment();
    keys.increment(items);
    this.latency.record(latency);
  }

  @Override
  public void retrying(int page, int attempt, PolarException error, Duration delay) {
    registry.counter(RETRIES, EXCEPTION_TAG, typeOf(error)).increment();
  }

  @Override
  public void pageFailed(int page, Throwable error) {
    registry.counter(ERRORS, EXCEPTION_TAG, typeOf(error)).increment();
  }

  @Override
  public SignalListener<Object> pageObserver(int page, ContextView context) {
    if (observations.isNoop()) {
      return null;
    }
    Object parent = context.getOrDefault(OBSERVATION_KEY, null);
    Observation observation =
        Observation.createNotStarted(PAGE_OBSERVATION, observations)
            .contextualName("polarflux page")
            .parentObservation(parent instanceof Observation p ? p : null)
            .highCardinalityKeyValue(PAGE_KEY, Integer.toString(page));
    return new PageObservation(observation);
  }

  private static String typeOf(Throwable error) {
    String name = error.getClass().getSimpleName();
    return name.isEmpty() ? error.getClass().getName() : name;
  }

  @Override
  public String toString() {
    return "MicrometerPolarListener["
        + registry.getClass().getSimpleName()
        + (observations.isNoop() ? "" : ", observations")
        + "]";
  }

  /** Starts the page's observation at subscription and stops it at its end, whatever the end. */
  private static final class PageObservation extends DefaultSignalListener<Object> {
    private final Observation observation;

    PageObservation(Observation observation) {
      this.observation = observation;
    }

    @Override
    public void doFirst() {
      observation.start();
    }

    @Override
    public Context addToContext(Context originalContext) {
      return originalContext.put(OBSERVATION_KEY, observation);
    }

    @Override
    public void doOnError(Throwable error) {
      observation.error(error);
    }

    @Override
    public void doFinally(SignalType terminationType) {
      String outcome =
          switch (terminationType) {
            case ON_ERROR -> "error";
            case CANCEL -> "cancelled";
            default -> "success";
          };
      observation.lowCardinalityKeyValue(OUTCOME_KEY, outcome).stop();
    }
  }
}
