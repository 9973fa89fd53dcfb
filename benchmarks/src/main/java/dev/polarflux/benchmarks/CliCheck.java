package dev.polarflux.benchmarks;

import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
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
 * <p>With {@code --in-jvm N}, the same command is then also run N + 1 times per concurrency inside
 * this JVM ({@code Main.main}, stdout discarded), the first round dropped as warm-up: the listing
 * time without the cold start of a fresh JVM (class loading, lambda bootstrap, the JIT), which both
 * concurrencies pay once.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.polarflux.benchmarks.CliCheck [--rounds 3] [--in-jvm 0]
 *     [--jvm-arg ARG]...
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
   * @param args {@code --rounds N}, {@code --in-jvm N}, {@code --jvm-arg ARG} (an option for the
   *     fresh {@code java} processes, such as {@code -Xlog:class+load:file=classes.txt:uptime};
   *     repeatable)
   * @throws Exception when a process cannot be run
   */
  public static void main(String[] args) throws Exception {
    int rounds = 3;
    int inJvm = 0;
    List<String> jvmArgs = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--in-jvm" -> inJvm = Integer.parseInt(args[i + 1]);
        case "--jvm-arg" -> jvmArgs.add(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
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
              new ProcessBuilder(command(java, jvmArgs, classpath, server, concurrency[c]))
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
      if (inJvm > 0) {
        ok &= inJvm(server, inJvm, concurrency);
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
    System.out.printf(
        Locale.ROOT,
        "ranges: concurrency 1 process %s s listing %s s; concurrency 8 process %s s listing %s s%n",
        range(runs.get(0), 0),
        range(runs.get(0), 1),
        range(runs.get(1), 0),
        range(runs.get(1), 1));
    if (!ok) {
      System.exit(1);
    }
  }

  /**
   * Runs the command line {@code rounds + 1} times per concurrency in this JVM, dropping the first
   * round; prints each listing time and the medians. Returns {@code false} when a run failed.
   */
  private static boolean inJvm(PolarTestServer server, int rounds, String[] concurrency) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    List<List<double[]>> runs = List.of(new ArrayList<>(), new ArrayList<>());
    boolean ok = true;
    for (int round = 0; round <= rounds; round++) {
      for (int c = 0; c < 2; c++) {
        server.clearRequests();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
          System.setOut(new PrintStream(OutputStream.nullOutputStream()));
          System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
          dev.polarflux.cli.Main.main(arguments(server, concurrency[c]).toArray(String[]::new));
        } finally {
          System.setOut(stdout);
          System.setErr(stderr);
        }
        Matcher m = SUMMARY.matcher(err.toString(StandardCharsets.UTF_8));
        if (!m.find() || Integer.parseInt(m.group(1)) != KEYS) {
          System.out.println("in-JVM run failed: " + err.toString(StandardCharsets.UTF_8).trim());
          ok = false;
          continue;
        }
        double listing = Double.parseDouble(m.group(3));
        System.out.printf(
            Locale.ROOT,
            "in JVM%s, concurrency %s: listing %.2f s, %d requests, at most %d at once%n",
            round == 0 ? " (warm-up, dropped)" : "",
            concurrency[c],
            listing,
            server.requestCount(),
            server.maxConcurrentRequests());
        if (round > 0) {
          runs.get(c).add(new double[] {listing});
        }
      }
    }
    if (!runs.get(0).isEmpty() && !runs.get(1).isEmpty()) {
      double c1 = median(runs.get(0), 0);
      double c8 = median(runs.get(1), 0);
      System.out.printf(
          Locale.ROOT,
          "in-JVM medians: concurrency 1 listing %.2f s; concurrency 8 listing %.2f s;"
              + " speed-up %.2fx%n",
          c1,
          c8,
          c1 / c8);
      System.out.printf(
          Locale.ROOT,
          "in-JVM ranges: concurrency 1 listing %s s; concurrency 8 listing %s s%n",
          range(runs.get(0), 0),
          range(runs.get(1), 0));
    }
    return ok;
  }

  /** The command line's arguments: {@code list} against the server, the budget off. */
  private static List<String> arguments(PolarTestServer server, String concurrency) {
    return List.of(
        "list",
        "--base-url",
        server.baseUrl(),
        "--token",
        server.token(),
        "--concurrency",
        concurrency,
        "--rate-limit",
        "0",
        "--no-progress");
  }

  /** A fresh {@code java} process running the command line. */
  private static List<String> command(
      String java,
      List<String> jvmArgs,
      String classpath,
      PolarTestServer server,
      String concurrency) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", classpath, "dev.polarflux.cli.Main"));
    command.addAll(arguments(server, concurrency));
    return command;
  }

  /** The smallest and largest value of a column, as {@code min–max}. */
  private static String range(List<double[]> runs, int column) {
    double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
    return String.format(Locale.ROOT, "%.2f-%.2f", values[0], values[values.length - 1]);
  }

  private static double median(List<double[]> runs, int column) {
    double[] values = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }
}
