package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lettuce is optional: with it off the class path, a client counts its budget in memory as before,
 * and only {@code RedisRateBudget} needs it.
 */
class WithoutLettuceTest {

  @Test
  void classPathWithoutLettuce_listsKeysWithTheInMemoryBudget_redisBudgetNeedsLettuce()
      throws Exception {
    try (PolarTestServer server = PolarTestServer.start(LicenseKeyDataset.generate(250, 1L));
        URLClassLoader isolated = IsolatedProbe.without("lettuce")) {
      assertThatThrownBy(() -> Class.forName("io.lettuce.core.RedisClient", false, isolated))
          .isInstanceOf(ClassNotFoundException.class);

      assertThat(IsolatedProbe.run(Probe.class, isolated, server))
          .isEqualTo(List.of(250L, "500/min in memory", "NoClassDefFoundError"));
      assertThat(server.pagesRequested()).containsExactly(1, 2, 3);
    }
  }

  /** Runs in the isolated loader: a listing, then a Redis budget. */
  public static final class Probe extends IsolatedProbe {
    public Probe(String baseUrl, String token) {
      super(baseUrl, token);
    }

    @Override
    protected List<Object> probe() {
      try (PolarClient polar = PolarClient.create().baseUrl(baseUrl).token(token)) {
        Long keys = polar.licenseKeys().count().block(Duration.ofSeconds(10));
        String budget = polar.toString().replaceAll(".*rateLimit=(.*)]", "$1");
        String refused;
        try {
          dev.polarflux.redis.RedisRateBudget.create("redis://127.0.0.1:1").close();
          refused = "nothing";
        } catch (LinkageError e) {
          refused = e.getClass().getSimpleName();
        }
        return List.of(keys, budget, refused);
      }
    }
  }
}
