package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import dev.polarflux.readme.QuickStart;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's Java examples are the code of {@code src/test/java/dev/polarflux/readme} between
 * each file's {@code readme:begin} and {@code readme:end} lines, so they compile; the quick start,
 * {@link QuickStart}, does what the README says when run as a program of its own.
 */
class QuickStartTest {

  private static final Path EXAMPLES = Path.of("src/test/java/dev/polarflux/readme");

  @Test
  void quickStart_asAPlainMain_printsTheGrantedKeysOfABenefitBeforeTheJvmExits() throws Exception {
    LicenseKeyDataset dataset = LicenseKeyDataset.generate(500, 11L);
    try (PolarTestServer server = PolarTestServer.start(dataset)) {
      UUID benefitId = dataset.benefitIds().get(0);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of("-cp", System.getProperty("java.class.path")));
      command.add(QuickStart.class.getName());
      command.add(benefitId.toString());
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("POLAR_BASE_URL", server.baseUrl());
      builder.environment().put("POLAR_CUSTOMER_SESSION", server.token());
      Process p = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

      List<String> expected =
          dataset.keys().stream()
              .filter(k -> k.benefitId().equals(benefitId))
              .filter(k -> k.status().equals(LicenseKeyStatus.GRANTED))
              .map(LicenseKeyRead::displayKey)
              .toList();
      assertThat(p.exitValue()).isZero();
      assertThat(out.lines().toList()).isNotEmpty().isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"QuickStart.java", "PagingRetryTest.java", "KeyOperationsExamplesTest.java"})
  void readme_showsExactlyTheCodeOfEachExample(String example) throws IOException {
    Matcher m =
        Pattern.compile("[ ]*// readme:begin\\n(.*?)\\n[ ]*// readme:end", Pattern.DOTALL)
            .matcher(Files.readString(EXAMPLES.resolve(example)));
    String readme = Files.readString(Path.of("README.md"));
    int blocks = 0;
    while (m.find()) {
      // A block inside a method is shown without the method's indentation.
      String snippet = m.group(1).stripIndent().strip();
      assertThat(readme).contains("```java\n" + snippet + "\n```");
      blocks++;
    }
    assertThat(blocks).isPositive();
  }
}
