package dev.polarflux.spring;

import dev.polarflux.PolarClient;
import dev.polarflux.testserver.PolarTestServer;
import java.util.List;
import java.util.Objects;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the application context's {@link PolarClient} and {@link PolarTestServer} singletons when
 * the context closes, in the phase where that is clean: after the web server has stopped (so a
 * request still being served during a graceful shutdown keeps its client), and before Spring's
 * {@code ReactorResourceFactory} (phase 0) disposes Reactor Netty's shared event loops, on which
 * the client's connections and the test server's channels live. Closed later, in a bean's destroy
 * method, they would find those loops terminated ({@code RejectedExecutionException: event executor
 * terminated}).
 *
 * <p>Clients are closed first, then test servers. A bean that was never created is not created for
 * this; a bean closed here and again by its destroy method is closed once, as both {@code close}
 * methods are idempotent. The auto-configuration registers one; {@link #isPauseable()} is {@code
 * false}, so {@code ApplicationContext.stop()} leaves them open and only closing the context closes
 * them.
 */
// Spring is required statically, not transitively: an application using this package has Spring.
@SuppressWarnings("exports")
public final class PolarLifecycle implements SmartLifecycle {

  /**
   * The phase: stopped after {@code SmartLifecycle.DEFAULT_PHASE - 1024} (Spring Boot's graceful
   * web server shutdown) and {@code DEFAULT_PHASE - 2048} (the web server), before phase 0 ({@code
   * ReactorResourceFactory}).
   */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

  /** Clients first: their connections go to the test servers closed next. */
  private static final List<Class<?>> CLOSING_ORDER =
      List.of(PolarClient.class, PolarTestServer.class);

  private final ConfigurableListableBeanFactory beans;
  private volatile boolean running;

  /**
   * Creates the lifecycle for the beans of {@code beans}.
   *
   * @param beans the context's bean factory
   */
  public PolarLifecycle(ConfigurableListableBeanFactory beans) {
    this.beans = Objects.requireNonNull(beans, "beans");
  }

  @Override
  public void start() {
    running = true;
  }

  /**
   * Closes the clients, then the test servers. Every one is closed even if another fails; the
   * failures are then signalled together.
   *
   * @throws IllegalStateException when closing one failed, each failure suppressed in it
   */
  @Override
  public void stop() {
    running = false;
    IllegalStateException failed = null;
    for (Class<?> type : CLOSING_ORDER) {
      for (String name : beans.getBeanNamesForType(type, false, false)) {
        // getSingleton answers only what exists: a lazy bean never used is not created to be
        // closed.
        if (beans.getSingleton(name) instanceof AutoCloseable bean) {
          try {
            bean.close();
          } catch (Exception e) {
            if (failed == null) {
              failed = new IllegalStateException("closing the Polar beans failed");
            }
            failed.addSuppressed(e);
          }
        }
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isPauseable() {
    return false;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
