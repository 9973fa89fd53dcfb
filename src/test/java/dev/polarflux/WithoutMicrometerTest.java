package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is optional: with it off the class path, the core lists keys, with or without a
 * listener, and {@link PolarClient#metrics(boolean)} refuses at the call.
 */
class WithoutMicrometerTest {

  @Test
  void classPathWithoutMicrometer_listsKeysAndRefusesMetrics() throws Exception {
    try (PolarTestServer server = PolarTestServer.start(LicenseKeyDataset.generate(250, 1L));
        URLClassLoader isolated = withoutMicrometer()) {
      assertThatThrownBy(
              () -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, isolated))
          .isInstanceOf(ClassNotFoundException.class);

      Class<?> probe = Class.forName(Probe.class.getName(), true, isolated);
      assertThat(probe.getClassLoader()).isSameAs(isolated);
      // Callable is the platform's, shared by both loaders.
      Callable<?> run =
          (Callable<?>)
              probe
                  .getConstructor(String.class, String.class)
                  .newInstance(server.baseUrl(), server.token());
      Object result = run.call();

      assertThat(result).isEqualTo(List.of(250L, 3, "IllegalStateException"));
      assertThat(server.pagesRequested()).containsExactly(1, 2, 3);
    }
  }

  /** The test classes and every class path entry except Micrometer's, over the platform loader. */
  private static URLClassLoader withoutMicrometer() throws MalformedURLException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.contains("micrometer") && !entry.contains("HdrHistogram")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }

  /** Runs in the isolated loader: a listing with a listener, then {@code metrics(true)}. */
  public static final class Probe implements Callable<List<Object>> {
    private final String baseUrl;
    private final String token;

    public Probe(String baseUrl, String token) {
      this.baseUrl = baseUrl;
      this.token = token;
    }

    @Override
    public List<Object> call() {
      AtomicInteger pages = new AtomicInteger();
      PolarListener counting =
          new PolarListener() {
            @Override
            public void pageFetched(int page, int items, int attempts, Duration latency) {
              pages.incrementAndGet();
            }
          };
      try (PolarClient polar = PolarClient.create().baseUrl(baseUrl).token(token)) {
        Long keys =
            polar
                .listener(counting)
                .licenseKeys(LicenseKeyQuery.create().limit(100))
                .count()
                .block(Duration.ofSeconds(10));
        String refused;
        try {
          polar.metrics(true);
          refused = "nothing";
        } catch (RuntimeException e) {
          refused = e.getClass().getSimpleName();
        }
        return List.of(keys, pages.get(), refused);
      } finally {
        // Every thread of this loader ends before the test closes it.
        reactor.netty.http.HttpResources.disposeLoopsAndConnectionsLater(
                Duration.ZERO, Duration.ofSeconds(5))
            .block(Duration.ofSeconds(10));
        reactor.core.scheduler.Schedulers.shutdownNow();
      }
    }
  }
}
