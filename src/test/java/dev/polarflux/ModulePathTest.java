package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** polarflux as a named module: what it exports, and a consumer module that uses it. */
class ModulePathTest {

  @TempDir Path temp;

  private static String modulePath() {
    String runtime = System.getProperty("polarflux.runtime.classpath");
    String classes = System.getProperty("polarflux.classes");
    assertThat(runtime).as("set by the build").isNotBlank();
    return classes + File.pathSeparator + runtime;
  }

  /** The module path without the optional dependencies: what a plain consumer has. */
  private static String modulePathWithoutOptionals() {
    List<String> optional =
        List.of(
            "micrometer-",
            "jackson-databind",
            "jackson-dataformat",
            "lettuce-",
            "slf4j-",
            "HdrHistogram",
            "spring-",
            "commons-logging-");
    return Arrays.stream(modulePath().split(File.pathSeparator))
        .filter(
            entry ->
                optional.stream()
                    .noneMatch(
                        prefix -> Path.of(entry).getFileName().toString().startsWith(prefix)))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private record Result(int status, String out) {}

  private static Result java(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void module_exportsTheApiModelAdaptersAndTestServerOnly_optionalsStatic() throws Exception {
    Result r = java("--module-path", modulePath(), "--describe-module", "dev.polarflux");

    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("exports dev.polarflux\n")
        .contains("exports dev.polarflux.model")
        .contains("exports dev.polarflux.testserver")
        .contains("exports dev.polarflux.micrometer")
        .contains("exports dev.polarflux.redis")
        .contains("exports dev.polarflux.spring")
        .contains("requires lettuce.core static")
        .contains("requires com.fasterxml.jackson.databind static")
        .contains("requires spring.boot.autoconfigure static")
        .contains("requires spring.web static")
        .doesNotContain("exports dev.polarflux.internal")
        .doesNotContain("exports dev.polarflux.cli")
        .contains("contains dev.polarflux.internal")
        .contains("contains dev.polarflux.internal.client")
        .contains("contains dev.polarflux.cli");
  }

  @Test
  void consumerModule_withoutOptionalDependencies_streamsKeysAndCannotSeeInternals()
      throws Exception {
    Path src = Files.createDirectories(temp.resolve("src/consumer/example"));
    Files.writeString(
        temp.resolve("src/consumer/module-info.java"),
        "module consumer { requires dev.polarflux; }");
    Files.writeString(
        src.resolve("Main.java"),
        String.join(
            "\n",
            "package example;",
            "import dev.polarflux.PolarClient;",
            "import dev.polarflux.testserver.LicenseKeyDataset;",
            "import dev.polarflux.testserver.PolarTestServer;",
            "public class Main {",
            "  public static void main(String[] args) {",
            "    try (PolarTestServer server = PolarTestServer.start(LicenseKeyDataset.generate(120, 1L));",
            "        PolarClient polar = PolarClient.create().baseUrl(server.baseUrl()).token(server.token())) {",
            "      System.out.println(\"keys=\" + polar.licenseKeys().count().block());",
            "      System.out.println(\"streamed=\" + polar.streaming(true).licenseKeys().count().block());",
            "      System.out.println(\"created=\" + polar.licenseKeys().blockFirst().createdAt().toInstant());",
            "      System.out.println(\"module=\" + PolarClient.class.getModule().getName());",
            "      try (PolarClient stranger = polar.token(\"not-the-token\")) {",
            "        stranger.licenseKeys().blockFirst();",
            "      } catch (dev.polarflux.PolarUnauthorizedException e) {",
            "        System.out.println(\"refused=\" + e.getMessage());",
            "      }",
            "    }",
            "  }",
            "}"));
    Path out = temp.resolve("out");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

    int compiled =
        javac.run(
            null,
            diagnostics,
            diagnostics,
            "--module-path",
            modulePathWithoutOptionals(),
            "-d",
            out.resolve("consumer").toString(),
            temp.resolve("src/consumer/module-info.java").toString(),
            src.resolve("Main.java").toString());

    assertThat(compiled).as(diagnostics.toString()).isZero();
    Result run =
        java(
            "--module-path",
            modulePathWithoutOptionals() + File.pathSeparator + out,
            "-m",
            "consumer/example.Main");
    assertThat(run.status()).as(run.out()).isZero();
    // Listing, streaming, timestamps and error bodies work without jackson-databind.
    assertThat(run.out())
        .contains("keys=120")
        .contains("streamed=120")
        .contains("created=20")
        .contains("module=dev.polarflux")
        .contains("refused=Polar answered 401 Unauthorized (");

    Files.writeString(
        src.resolve("Internal.java"),
        "package example; class Internal { Object codec = dev.polarflux.internal.LicenseKeyCodec.FACTORY;"
            + " Object pool = new dev.polarflux.internal.client.SharedResources(); }");
    ByteArrayOutputStream refused = new ByteArrayOutputStream();
    int internal =
        javac.run(
            null,
            refused,
            refused,
            "--module-path",
            modulePathWithoutOptionals(),
            "-d",
            out.resolve("internal").toString(),
            temp.resolve("src/consumer/module-info.java").toString(),
            src.resolve("Internal.java").toString());
    assertThat(internal).isNotZero();
    assertThat(refused.toString())
        .contains("package dev.polarflux.internal is not visible")
        .contains("package dev.polarflux.internal.client is not visible");
  }

  @Test
  void commandLine_runsOnTheModulePath() throws Exception {
    Result r =
        java(
            "--module-path",
            modulePath(),
            "-m",
            "dev.polarflux/dev.polarflux.cli.Main",
            "--keys",
            "30");

    assertThat(r.status()).as(r.out()).isZero();
    assertThat(r.out().lines().filter(l -> l.startsWith("{\"id\":"))).hasSize(30);
  }
}
