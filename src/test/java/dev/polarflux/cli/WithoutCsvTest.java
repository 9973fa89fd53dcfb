package dev.polarflux.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.IsolatedProbe;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * jackson-dataformat-csv and jackson-databind are optional: without either {@code --format csv} is
 * refused before any request with a message naming the libraries, and NDJSON works as before.
 */
class WithoutCsvTest {

  @ParameterizedTest
  @ValueSource(strings = {"jackson-dataformat-csv", "jackson-databind"})
  void classPathWithoutCsvOrDatabind_refusesCsvBeforeAnyRequest_andStillWritesNdjson(String left)
      throws Exception {
    try (PolarTestServer server = PolarTestServer.start(LicenseKeyDataset.generate(30, 1L));
        URLClassLoader isolated = IsolatedProbe.without(left)) {
      assertThatThrownBy(
              () -> Class.forName("com.fasterxml.jackson.dataformat.csv.CsvMapper", true, isolated))
          .isInstanceOfAny(ClassNotFoundException.class, NoClassDefFoundError.class);

      assertThat(IsolatedProbe.run(Probe.class, isolated, server))
          .isEqualTo(
              List.of(
                  2,
                  "polarflux: option --format csv needs jackson-dataformat-csv and jackson-databind"
                      + " on the class path",
                  0,
                  30L));
      assertThat(server.pagesRequested()).containsExactly(1, 2, 3);
    }
  }

  /** Runs in the isolated loader: a CSV listing, then an NDJSON one. */
  public static final class Probe extends IsolatedProbe {
    public Probe(String baseUrl, String token) {
      super(baseUrl, token);
    }

    @Override
    protected List<Object> probe() {
      ByteArrayOutputStream csvErr = new ByteArrayOutputStream();
      int csv = list("csv", new ByteArrayOutputStream(), csvErr);
      ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
      int plain = list("ndjson", ndjson, new ByteArrayOutputStream());
      return List.of(
          csv,
          csvErr.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""),
          plain,
          ndjson.toString(StandardCharsets.UTF_8).lines().count());
    }

    private int list(String format, ByteArrayOutputStream out, ByteArrayOutputStream err) {
      return Main.run(
          List.of(
              "list",
              "--base-url",
              baseUrl,
              "--token",
              token,
              "--limit",
              "10",
              "--rate-limit",
              "0",
              "--format",
              format),
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8),
          Map.of(),
          false);
    }
  }
}
