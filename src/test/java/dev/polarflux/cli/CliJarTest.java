package dev.polarflux.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code target/polarflux-cli.jar}, run with {@code java -jar} as a user would: its stdout holds
 * only the command line's own bytes, so it can be piped. Runs after the package phase.
 */
class CliJarTest {

  private static Path jar() {
    String path = System.getProperty("polarflux.cli.jar");
    assertThat(path).as("set by the build").isNotBlank();
    Path jar = Path.of(path);
    assertThat(jar).isRegularFile();
    return jar;
  }

  private static Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static byte[] run(String... args) throws Exception {
    Process p = start(args);
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out;
  }

  @Test
  void demo_writesOnlyNdjson_firstLineIncluded() throws Exception {
    byte[] out = run("demo", "--keys", "250", "--no-progress");

    assertThat(out).doesNotContain((byte) 0x1b);
    assertThat(out[0]).isEqualTo((byte) '{');
    List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(250);
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      JsonNode key = json.readTree(line);
      assertThat(key.get("display_key").asText()).startsWith("****-");
    }
  }

  /** Runs {@code target/polarflux} with {@code java} from {@code javaHome}; stdout only. */
  private static byte[] launch(Path javaHome, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("sh", jar().resolveSibling("polarflux").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("JAVA", javaHome.resolve("bin").resolve("java").toString());
    Process p = builder.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out;
  }

  private static void assertNdjsonKeys(byte[] out, int keys) throws IOException {
    assertThat(out).doesNotContain((byte) 0x1b);
    assertThat(out[0]).isEqualTo((byte) '{');
    List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(keys);
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      assertThat(json.readTree(line).get("id").asText()).hasSize(36);
    }
  }

  @Test
  void launcher_writesOnlyNdjson() throws Exception {
    assertNdjsonKeys(
        launch(Path.of(System.getProperty("java.home")), "demo", "--keys", "120", "--no-progress"),
        120);
  }

  @Test
  void launcher_withAJvmThatCannotUseTheArchive_stillWritesOnlyNdjson() throws Exception {
    Path other = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    assumeTrue(Files.isExecutable(other.resolve("bin/java")), "a second JDK to try");

    assertNdjsonKeys(launch(other, "demo", "--keys", "30", "--no-progress"), 30);
  }

  @Test
  void classArchive_isUsableByTheJvmThatBuiltIt() throws Exception {
    Path archive = jar().resolveSibling("polarflux-cli.jsa");
    assertThat(archive).isRegularFile();
    // -Xshare:on fails at start when the archive cannot be mapped.
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:SharedArchiveFile=" + archive,
                "-Xshare:on",
                "-jar",
                jar().toString(),
                "demo",
                "--keys",
                "5",
                "--no-progress")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertNdjsonKeys(out, 5);
  }

  @Test
  void demo_csv_runsWithTheBundledCsvSupport() throws Exception {
    byte[] out = run("demo", "--keys", "20", "--format", "csv", "--no-progress");

    List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(21);
    assertThat(lines.get(0)).startsWith("id,created_at,");
  }

  @Test
  void serve_printsAReadyLineWithoutEscapes() throws Exception {
    Process p = start("serve", "--port", "0", "--keys", "10");
    try {
      BufferedReader stdout =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String ready = stdout.readLine();

      assertThat(ready).matches("READY http://127\\.0\\.0\\.1:[0-9]+ \\S+");
    } finally {
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void serve_withOrganizations_printsTheirTokensAfterTheReadyLine() throws Exception {
    Process p =
        start("serve", "--port", "0", "--keys", "20", "--organizations", "2", "--customers", "2");
    try {
      BufferedReader stdout =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        lines.add(stdout.readLine());
      }

      String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
      assertThat(lines.get(0)).matches("READY http://127\\.0\\.0\\.1:[0-9]+ polar_cst_\\S{43}");
      assertThat(lines.subList(1, 3))
          .allSatisfy(l -> assertThat(l).matches("ORGANIZATION " + uuid + " polar_oat_\\S{43}"));
      assertThat(lines.subList(3, 7))
          .allSatisfy(
              l -> assertThat(l).matches("CUSTOMER " + uuid + " " + uuid + " polar_cst_\\S{43}"));
      assertThat(lines.get(3)).endsWith(lines.get(0).substring(lines.get(0).lastIndexOf(' ')));
    } finally {
      p.destroy();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void jar_isTheCommandLineWithItsDependencies_mainArtifactUnshaded() throws IOException {
    Path main = jar().resolveSibling("classes").resolve("dev/polarflux/cli/Main.class");
    assertThat(main).isRegularFile();
    try (var files = Files.list(jar().getParent())) {
      Path artifact =
          files
              .filter(f -> f.getFileName().toString().matches("polarflux-[0-9].*[0-9T]\\.jar"))
              .findFirst()
              .orElseThrow();
      assertThat(Files.size(artifact)).isLessThan(Files.size(jar()) / 4);
    }
  }

  @Test
  void validate_printsOneLineOfPolarsJson() throws Exception {
    dev.polarflux.testserver.LicenseKeyDataset dataset =
        dev.polarflux.testserver.LicenseKeyDataset.generate(20, 3L);
    try (dev.polarflux.testserver.PolarTestServer server =
        dev.polarflux.testserver.PolarTestServer.start(dataset)) {
      dev.polarflux.model.LicenseKeyRead key =
          dataset.keys().stream()
              .filter(k -> k.status().equals(dev.polarflux.model.LicenseKeyStatus.GRANTED))
              .filter(k -> k.expiresAt() == null)
              .findFirst()
              .orElseThrow();
      byte[] out =
          run(
              "validate",
              "--base-url",
              server.baseUrl(),
              "--key",
              key.key(),
              "--organization-id",
              key.organizationId().toString());

      List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
      assertThat(lines).hasSize(1);
      JsonNode validated = new ObjectMapper().readTree(lines.get(0));
      assertThat(validated.get("id").asText()).isEqualTo(key.id().toString());
      assertThat(validated.get("validations").asLong()).isEqualTo(key.validations() + 1);
      assertThat(validated.has("activation")).isTrue();
    }
  }
}
