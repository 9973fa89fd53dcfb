package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
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
        URLClassLoader isolated = IsolatedProbe.without("micrometer", "HdrHistogram")) {
      assertThatThrownBy(
              () -> Class.forName("io.micrometer.core.instrument.MeterRegistry", false, isolated))
          .isInstanceOf(ClassNotFoundException.class);

      Object result = IsolatedProbe.run(Probe.class, isolated, server);

      assertThat(result).isEqualTo(List.of(250L, 3, "IllegalStateException"));
      assertThat(server.pagesRequested()).containsExactly(1, 2, 3);
    }
  }

  /** Runs in the isolated loader: a listing with a listener, then {@code metrics(true)}. */
  public static final class Probe extends IsolatedProbe {
    public Probe(String baseUrl, String token) {
      super(baseUrl, token);
    }

    @Override
    protected List<Object> probe() {
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
      }
    }
  }
}
