package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** The README's quick start compiles (it is this code) and does what the README says. */
class QuickStartTest {

  @Test
  void quickStart_streamsTheGrantedKeysOfABenefit() throws IOException {
    LicenseKeyDataset dataset = LicenseKeyDataset.generate(500, 11L);
    try (PolarTestServer server = PolarTestServer.start(dataset)) {
      String baseUrl = server.baseUrl();
      String token = server.token();
      UUID benefitId = dataset.benefitIds().get(0);

      // spotless:off
      // quick-start:begin
      PolarClient polar = PolarClient.create()
          .baseUrl(baseUrl)          // PolarClient.PRODUCTION_URL by default
          .token(token);             // a customer session token

      Flux<String> granted = polar.licenseKeys(LicenseKeyQuery.create().benefitId(benefitId))
          .filter(key -> key.status().equals(LicenseKeyStatus.GRANTED))
          .map(LicenseKeyRead::displayKey);

      granted.subscribe(System.out::println);
      // quick-start:end
      // spotless:on

      List<String> expected =
          dataset.keys().stream()
              .filter(k -> k.benefitId().equals(benefitId))
              .filter(k -> k.status().equals(LicenseKeyStatus.GRANTED))
              .map(LicenseKeyRead::displayKey)
              .toList();
      assertThat(granted.collectList().block(Duration.ofSeconds(10)))
          .isNotEmpty()
          .isEqualTo(expected);
      polar.close();
    }
  }

  @Test
  void readme_showsExactlyTheQuickStartOfThisTest() throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/polarflux/QuickStartTest.java"));
    Matcher m =
        Pattern.compile("// quick-start:begin\\n(.*?)\\n\\s*// quick-start:end", Pattern.DOTALL)
            .matcher(source);
    assertThat(m.find()).isTrue();
    String snippet = m.group(1).stripIndent().strip();

    String readme = Files.readString(Path.of("README.md"));

    assertThat(readme).contains("```java\n" + snippet + "\n```");
  }
}
