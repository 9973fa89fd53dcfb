package dev.polarflux.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH JSON results ({@code -rf json -rff FILE}) into the Markdown tables of {@code
 * benchmarks/README.md}: scores with JMH's error (the 99.9 % confidence half-width), derived MB/s
 * and keys/s, and ratios to the baseline of the same run, whose error combines both relative errors
 * in quadrature.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.polarflux.benchmarks.Report results.json...
 * </pre>
 */
public final class Report {

  private Report() {}

  /** A score with its error. */
  record Score(double value, double error) {
    static Score of(JsonNode metric) {
      double e = metric.path("scoreError").asDouble(Double.NaN);
      return new Score(metric.path("score").asDouble(), Double.isNaN(e) ? 0 : e);
    }

    double relative() {
      return value == 0 ? 0 : error / value;
    }

    Score times(double factor) {
      return new Score(value * factor, error * factor);
    }

    /** This over {@code other}, relative errors added in quadrature. */
    Score over(Score other) {
      double r = value / other.value;
      return new Score(r, r * Math.hypot(relative(), other.relative()));
    }

    @Override
    public String toString() {
      return fmt(value) + " ± " + fmt(error);
    }
  }

  /** One benchmark result: its method, parameters, primary score and allocation per op. */
  record Result(String method, Map<String, String> params, Score score, Score allocPerOp) {}

  /**
   * Prints the tables for every result file given.
   *
   * @param args JMH JSON result files
   * @throws IOException when a file cannot be read
   */
  public static void main(String[] args) throws IOException {
    List<Result> results = new ArrayList<>();
    ObjectMapper mapper = new ObjectMapper();
    for (String file : args) {
      for (JsonNode run : mapper.readTree(new File(file))) {
        String benchmark = run.path("benchmark").asText();
        Map<String, String> params = new LinkedHashMap<>();
        run.path("params")
            .fields()
            .forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        JsonNode alloc = null;
        for (var it = run.path("secondaryMetrics").fields(); it.hasNext(); ) {
          var e = it.next();
          if (e.getKey().replace("·", "").equals("gc.alloc.rate.norm")) {
            alloc = e.getValue();
          }
        }
        results.add(
            new Result(
                benchmark,
                params,
                Score.of(run.path("primaryMetric")),
                alloc == null ? null : Score.of(alloc)));
      }
    }
    if (results.stream().anyMatch(r -> r.method().endsWith("DecodeBenchmark." + "codec"))) {
      decode(results);
    }
    if (results.stream().anyMatch(r -> r.method().contains("StreamingBenchmark.listing_"))) {
      listing(results);
    }
    if (results.stream().anyMatch(r -> r.method().contains("StreamingBenchmark.firstKey_"))) {
      firstKey(results);
    }
  }

  private static final String[][] DECODERS = {
    {"databind", "(a) `ObjectMapper.readValue` into the records — baseline"},
    {"tree", "(b) `ObjectMapper.readTree`"},
    {"map", "(b) `ObjectMapper.readValue(bytes, Map.class)`"},
    {"parserCeiling", "(c) `JsonParser`, every token and value read — ceiling"},
    {"codec", "(d) polarflux `LicenseKeyCodec.readPage`"},
    {"streamingDecoder", "(e) polarflux `StreamingPageDecoder`, 8 KiB chunks"},
  };

  private static void decode(List<Result> results) {
    List<String> sizes = new ArrayList<>();
    for (Result r : results) {
      String size = r.params().get("pageSize");
      if (r.method().contains("DecodeBenchmark.") && size != null && !sizes.contains(size)) {
        sizes.add(size);
      }
    }
    List<String> goals = new ArrayList<>();
    for (String size : sizes) {
      int keys = Integer.parseInt(size);
      int bytes = Pages.page(keys).length;
      System.out.printf(Locale.ROOT, "%n#### Decoding a %s-key page (%,d bytes)%n%n", size, bytes);
      System.out.println(
          "| decoder | pages/s | MB/s | keys/s | B/page (`gc.alloc.rate.norm`) | vs (a) |");
      System.out.println("|---|---:|---:|---:|---:|---:|");
      Result base = find(results, "DecodeBenchmark.databind", "pageSize", size);
      for (String[] d : DECODERS) {
        Result r = find(results, "DecodeBenchmark." + d[0], "pageSize", size);
        if (r == null) {
          continue;
        }
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s | %s |%n",
            d[1],
            r.score(),
            fmt(r.score().value() * bytes / 1e6),
            fmt(r.score().value() * keys),
            r.allocPerOp() == null ? "—" : r.allocPerOp(),
            base == null ? "—" : ratio(r.score().over(base.score())));
      }
      Result a = base;
      Result c = find(results, "DecodeBenchmark.parserCeiling", "pageSize", size);
      Result dd = find(results, "DecodeBenchmark.codec", "pageSize", size);
      Result e = find(results, "DecodeBenchmark.streamingDecoder", "pageSize", size);
      boolean goalPage = keys == 100;
      if (a != null && dd != null) {
        goals.add(
            goal(
                "(d)/(a), " + size + " keys",
                dd.score().over(a.score()),
                goalPage ? 2.5 : Double.NaN));
      }
      if (c != null && dd != null) {
        goals.add(
            goal(
                "(d)/(c), " + size + " keys",
                dd.score().over(c.score()),
                goalPage ? 0.65 : Double.NaN));
      }
      if (a != null && e != null) {
        goals.add(goal("(e)/(a), " + size + " keys", e.score().over(a.score()), Double.NaN));
      }
      if (c != null && e != null) {
        goals.add(goal("(e)/(c), " + size + " keys", e.score().over(c.score()), Double.NaN));
      }
      if (a != null && dd != null && a.allocPerOp() != null && dd.allocPerOp() != null) {
        Score alloc = dd.allocPerOp().over(a.allocPerOp());
        goals.add(
            String.format(
                Locale.ROOT,
                "| B/page (d)/(a), %s keys | %s | < 1 | %s |",
                size,
                ratio(alloc),
                goalPage ? (alloc.value() + alloc.error() < 1 ? "met" : "missed") : "—"));
      }
      if (a != null && e != null && a.allocPerOp() != null && e.allocPerOp() != null) {
        goals.add(
            String.format(
                Locale.ROOT,
                "| B/page (e)/(a), %s keys | %s | — | — |",
                size,
                ratio(e.allocPerOp().over(a.allocPerOp()))));
      }
    }
    System.out.printf("%n#### Decoding: ratios and goals%n%n");
    System.out.println("| ratio | measured | goal | verdict |");
    System.out.println("|---|---:|---:|---|");
    goals.forEach(System.out::println);
  }

  private static final String[][] LISTERS = {
    {"listing_baselinePager", "baseline: `HttpClient` + `ObjectMapper`, page after page"},
    {"listing_polarflux_c1", "polarflux, concurrency 1"},
    {"listing_polarflux_c4", "polarflux, concurrency 4"},
    {"listing_polarflux_c8", "polarflux, concurrency 8"},
    {"listing_polarflux_streaming", "polarflux, `streaming(true)`"},
  };

  private static void listing(List<Result> results) {
    List<String> latencies = new ArrayList<>();
    for (Result r : results) {
      String l = r.params().get("latencyMs");
      if (r.method().contains("StreamingBenchmark.listing_")
          && l != null
          && !latencies.contains(l)) {
        latencies.add(l);
      }
    }
    List<String> goals = new ArrayList<>();
    for (String latency : latencies) {
      System.out.printf(
          Locale.ROOT,
          "%n#### Listing 5,000 keys (50 pages of 100), %s ms server latency per request%n%n",
          latency);
      System.out.println("| client | ms per listing | keys/s | speed vs baseline pager |");
      System.out.println("|---|---:|---:|---:|");
      Result base = find(results, "StreamingBenchmark.listing_baselinePager", "latencyMs", latency);
      for (String[] l : LISTERS) {
        Result r = find(results, "StreamingBenchmark." + l[0], "latencyMs", latency);
        if (r == null) {
          continue;
        }
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %s | %s |%n",
            l[1],
            r.score(),
            fmt(StreamingBenchmark.KEYS / (r.score().value() / 1000)),
            base == null ? "—" : ratio(base.score().over(r.score())));
      }
      Result c1 = find(results, "StreamingBenchmark.listing_polarflux_c1", "latencyMs", latency);
      Result c4 = find(results, "StreamingBenchmark.listing_polarflux_c4", "latencyMs", latency);
      Result c8 = find(results, "StreamingBenchmark.listing_polarflux_c8", "latencyMs", latency);
      boolean slow = latency.equals("20");
      if (c1 != null && c8 != null) {
        goals.add(
            goal(
                "c8 speed-up over c1 (time c1 / time c8), " + latency + " ms",
                c1.score().over(c8.score()),
                slow ? 6 : Double.NaN));
      }
      if (c1 != null && c4 != null) {
        goals.add(
            goal(
                "c4 speed-up over c1, " + latency + " ms",
                c1.score().over(c4.score()),
                Double.NaN));
      }
      if (c1 != null && slow) {
        Score vsIdeal = c1.score().over(new Score(50 * Double.parseDouble(latency), 0));
        goals.add(
            String.format(
                Locale.ROOT,
                "| c1 time / (50 × %s ms), %s ms | %s | ≤ 1.15 | %s |",
                latency,
                latency,
                ratio(vsIdeal),
                verdictAtMost(vsIdeal.value(), vsIdeal.error(), 1.15)));
      }
      if (c1 != null && base != null) {
        goals.add(
            goal(
                "c1 keys/s / baseline keys/s, " + latency + " ms",
                base.score().over(c1.score()),
                latency.equals("0") ? 1.5 : Double.NaN));
      }
    }
    System.out.printf("%n#### Listing: ratios and goals%n%n");
    System.out.println("| ratio | measured | goal | verdict |");
    System.out.println("|---|---:|---:|---|");
    goals.forEach(System.out::println);
  }

  private static void firstKey(List<Result> results) {
    System.out.printf(
        Locale.ROOT,
        "%n#### Time to the first key, page 1 (100 keys) served in %d chunks %d ms apart%n%n",
        StreamingBenchmark.SlowFirstPage.CHUNKS,
        StreamingBenchmark.SlowFirstPage.PER_CHUNK.toMillis());
    System.out.println("| client | ms to first key | vs aggregate |");
    System.out.println("|---|---:|---:|");
    Result base = find(results, "StreamingBenchmark.firstKey_polarflux_aggregate", null, null);
    String[][] rows = {
      {"firstKey_polarflux_streaming", "polarflux, `streaming(true)`"},
      {"firstKey_polarflux_aggregate", "polarflux, default (aggregate)"},
      {"firstKey_baselinePager", "baseline pager"},
    };
    for (String[] row : rows) {
      Result r = find(results, "StreamingBenchmark." + row[0], null, null);
      if (r != null) {
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %s |%n",
            row[1],
            r.score(),
            base == null ? "—" : ratio(r.score().over(base.score())));
      }
    }
  }

  private static Result find(List<Result> results, String method, String param, String value) {
    for (Result r : results) {
      if (r.method().endsWith(method) && (param == null || value.equals(r.params().get(param)))) {
        return r;
      }
    }
    return null;
  }

  private static String goal(String name, Score ratio, double target) {
    if (Double.isNaN(target)) {
      return String.format(Locale.ROOT, "| %s | %s | — | — |", name, ratio(ratio));
    }
    return String.format(
        Locale.ROOT,
        "| %s | %s | ≥ %s | %s |",
        name,
        ratio(ratio),
        fmt(target),
        verdict(ratio.value(), ratio.error(), target));
  }

  /** Met or missed, and whether JMH's error band reaches across the target. */
  private static String verdict(double value, double error, double target) {
    if (value - error >= target) {
      return "met";
    }
    if (value >= target) {
      return "met (within error)";
    }
    String by = String.format(Locale.ROOT, "by %.0f %%", 100 * (target - value) / target);
    return value + error >= target ? "missed " + by + " (within error)" : "**missed " + by + "**";
  }

  /** {@link #verdict} for a goal that is an upper bound. */
  private static String verdictAtMost(double value, double error, double target) {
    if (value + error <= target) {
      return "met";
    }
    if (value <= target) {
      return "met (within error)";
    }
    String by = String.format(Locale.ROOT, "by %.0f %%", 100 * (value - target) / target);
    return value - error <= target ? "missed " + by + " (within error)" : "**missed " + by + "**";
  }

  private static String ratio(Score s) {
    return String.format(Locale.ROOT, "%.2f× ± %.2f", s.value(), s.error());
  }

  private static String fmt(double v) {
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
