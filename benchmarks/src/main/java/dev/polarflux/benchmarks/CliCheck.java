package dev.polarflux.benchmarks;

import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times the command line as a user runs it: {@code polarflux list --concurrency N --rate-limit 0}
 * in a fresh {@code java} process, against the embedded {@link PolarTestServer} (in this JVM) with
 * 5,000 keys (50 pages of 100) and 100 ms added to every request. Concurrency 1 and 8 alternate,
 * {@code rounds} times each; stdout (the NDJSON) is discarded. Reported per run: the process's wall
 * time (JVM start included), the listing time the command prints in its summary, and the most
 * requests the server answered at once; then the medians and their ratio. Not a JMH benchmark.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.polarflux.benchmarks.CliCheck [--rounds 3]
 * </pre>
 *
 * Exits 1 when a run fails or lists other than 5,000 keys.
 */
public final class CliCheck {

  private static final int KEYS = 5_000;
  private static final Pattern SUMMARY =
      Pattern.compile("polarflux: (\\d+) keys in (\\d+) pages .* in ([0-9.]+) s");

  private CliCheck() {}

  /**
   * Runs the rounds.
   *
   * @param args {@code --rounds N}
   * @throws Exception when a process cannot be run
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 3;
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    String classpath = System.getProperty("java.class.path");
    boolean ok = true;
    List<List<double[]>> runs = List.of(new ArrayList<>(), new ArrayList<>());
    String[] concurrency = {"1", "8"};
    try (PolarTestServer server =
        PolarTestServer.builder()
            .dataset(LicenseKeyDataset.generateVaried(KEYS, Pages.SEED))
            .latency(Duration.ofMillis(100))
            .build()) {
      for (int round = 0; round < rounds; round++) {
        for (int c = 0; c < 2; c++) {
          server.clearRequests();
          long started = System.nanoTime();
          Process p =
              new ProcessBuilder(
                      java,
                      "-cp",
                      classpath,
                      "dev.polarflux.cli.Main",
                      "list",
                      "--base-url",
                      server.baseUrl(),
                      "--token",
                      server.token(),
                      "--concurrency",
                      concurrency[c],
                      "--rate-limit",
                      "0",
                      "--no-progress")
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .start();
          String summary = null;
          try (BufferedReader err =
              new BufferedReader(
                  new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
              if (SUMMARY.matcher(line).find()) {
                summary = line;
              } else {
                System.out.println("  stderr: " + line);
              }
            }
          }
          int status = p.waitFor();
          double wall = (System.nanoTime() - started) / 1e9;
          Matcher m = summary == null ? null : SUMMARY.matcher(summary);
          if (status != 0 || m == null || !m.find() || Integer.parseInt(m.group(1)) != KEYS) {
            System.out.println("run failed: exit " + status + ", " + summary);
            ok = false;
            continue;
          }
          double listing = Double.parseDouble(m.group(3));
          runs.get(c).add(new double[] {wall, listing});
          System.out.printf(
              Locale.ROOT,
              "concurrency %s: process %.2f s, listing %.2f s, %d requests, at most %d at once%n",
              concurrency[c],
              wall,
              listing,
              server.requestCount(),
              server.maxConcurrentRequests());
        }
      }
    }
    if (runs.get(0).isEmpty() || runs.get(1).isEmpty()) {
      System.exit(1);
    }
    double[] c1 = {median(runs.get(0), 0), median(runs.get(0), 1)};
    double[] c8 = {median(runs.get(1), 0), median(runs.get(1), 1)};
    System.out.printf(
        Locale.ROOT,
        "medians: concurrency 1 process %.2f s listing %.2f s; concurrency 8 process %.2f s"
            + " listing %.2f s; speed-up process %.2fx listing %.2fx%n",
        c1[0],
        c1[1],
        c8[0],
        c8[1],
        c1[0] / c8[0],
        c1[1] / c8[1]);
    if (!ok) {
      System.exit(1);
    }
  }

  private static double median(List<double[]> runs, int column) {
    double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
