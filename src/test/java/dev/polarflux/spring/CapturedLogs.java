package dev.polarflux.spring;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tests' only Logback appender (see {@code logback-test.xml}): keeps every event it is given,
 * across Logback's reconfigurations (Spring Boot reconfigures Logback when an application starts).
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {

  /** Enough for the tests that read the events; a bound for the rest of the suite. */
  private static final int MAX_EVENTS = 200_000;

  private static final Queue<ILoggingEvent> EVENTS = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger COUNT = new AtomicInteger();

  @Override
  protected void append(ILoggingEvent event) {
    if (COUNT.incrementAndGet() <= MAX_EVENTS) {
      event.prepareForDeferredProcessing();
      EVENTS.add(event);
    }
  }

  /** Forgets the events kept so far. */
  static void clear() {
    EVENTS.clear();
    COUNT.set(0);
  }

  /** The events at WARN or above, each as its level, logger, message and exceptions. */
  static List<String> warnings() {
    return EVENTS.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(CapturedLogs::describe)
        .toList();
  }

  /** Every event kept, each as its level, logger, message and exceptions. */
  static List<String> all() {
    return EVENTS.stream().map(CapturedLogs::describe).toList();
  }

  private static String describe(ILoggingEvent e) {
    StringBuilder sb =
        new StringBuilder()
            .append(e.getLevel())
            .append(' ')
            .append(e.getLoggerName())
            .append(": ")
            .append(e.getFormattedMessage());
    for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      sb.append(" / ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    return sb.toString();
  }
}
