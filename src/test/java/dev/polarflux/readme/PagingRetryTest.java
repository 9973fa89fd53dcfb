package dev.polarflux.readme;

// readme:begin
import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.PolarClient;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PagingRetryTest {

  @Test
  void aPageThatFailsOnceIsFetchedAgain_noKeyLostOrRepeated() {
    try (PolarTestServer server = PolarTestServer.start(LicenseKeyDataset.generate(250, 42L));
        PolarClient polar = PolarClient.create().baseUrl(server.baseUrl()).token(server.token())) {
      server.faults().onPage(2, Fault.status(503));

      Long keys = polar.licenseKeys().count().block(Duration.ofSeconds(30));

      assertThat(keys).isEqualTo(250);
      assertThat(server.pagesRequested()).containsExactly(1, 2, 2, 3);
    }
  }
}
// readme:end
