package dev.polarflux.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import dev.polarflux.RedisServer;
import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MainTest {

  private static PolarTestServer server;

  @BeforeAll
  static void start() {
    server = PolarTestServer.start(LicenseKeyDataset.generateVaried(230, 9L));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.clearRequests();
    server.faults().clear();
  }

  private record Run(int status, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  private static Run run(Map<String, String> env, String... args) {
    return run(false, env, args);
  }

  private static Run run(boolean terminal, Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            List.of(args),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            terminal);
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static List<LicenseKeyRead> decode(List<String> lines) throws IOException {
    List<LicenseKeyRead> keys = new ArrayList<>();
    for (String line : lines) {
      try (JsonParser p = LicenseKeyCodec.FACTORY.createParser(line)) {
        p.nextToken();
        keys.add(LicenseKeyCodec.readKey(p));
        assertThat(p.nextToken()).isNull();
      }
    }
    return keys;
  }

  @Test
  void list_writesOneJsonObjectPerKeyWithPolarsFields() throws IOException {
    Run r =
        run(
            Map.of(),
            "list",
            "--base-url",
            server.baseUrl(),
            "--token",
            server.token(),
            "--limit",
            "50");

    assertThat(r.status()).isZero();
    assertThat(r.lines()).hasSize(230);
    assertThat(decode(r.lines())).isEqualTo(server.dataset().keys());
    assertThat(r.lines().get(0))
        .startsWith("{\"id\":\"")
        .contains("\"display_key\":\"", "\"customer\":{");
    assertThat(r.err()).contains("polarflux: 230 keys in 5 pages (0 retries) in ");
    assertThat(server.pagesRequested()).containsExactly(1, 2, 3, 4, 5);
  }

  @Test
  void list_concurrency_overlapsRequestsAndWritesKeysInOrder() throws IOException {
    try (PolarTestServer slow =
        PolarTestServer.builder()
            .dataset(LicenseKeyDataset.generateVaried(1000, 9L))
            .latency(java.time.Duration.ofMillis(200))
            .build()) {
      for (String concurrency : new String[] {"1", "8"}) {
        slow.clearRequests();

        Run r =
            run(
                Map.of(),
                "list",
                "--base-url",
                slow.baseUrl(),
                "--token",
                slow.token(),
                "--concurrency",
                concurrency,
                "--rate-limit",
                "0");

        assertThat(r.status()).isZero();
        assertThat(decode(r.lines())).isEqualTo(slow.dataset().keys());
        assertThat(slow.pagesRequested()).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        // Pages 2 to 9 are asked for together as soon as page 1 has revealed max_page.
        assertThat(slow.maxConcurrentRequests())
            .as("concurrency " + concurrency)
            .isEqualTo(concurrency.equals("1") ? 1 : 8);
      }
    }
  }

  @Test
  void list_rateLimit_holdsRequestsBeyondTheBudget() {
    Run r =
        run(
            Map.of(),
            "list",
            "--base-url",
            server.baseUrl(),
            "--token",
            server.token(),
            "--rate-limit",
            "1",
            "--deadline",
            "1s");

    // A budget of one request a minute: page 2 waits for its slot until the deadline ends it.
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.lines()).hasSize(100);
    assertThat(server.pagesRequested()).containsExactly(1);
    assertThat(r.err()).contains("resume with --start-page 2");
  }

  @Test
  void list_takesTheTokenFromTheEnvironment() {
    Run r =
        run(
            Map.of("POLAR_CUSTOMER_SESSION", server.token()),
            "list",
            "--base-url",
            server.baseUrl(),
            "--max-items",
            "3");

    assertThat(r.status()).isZero();
    assertThat(r.lines()).hasSize(3);
    assertThat(server.requestCount()).isEqualTo(1);
  }

  @Test
  void list_passesFiltersAndPaging() {
    String benefit = server.dataset().benefitIds().get(0).toString();
    String org = server.dataset().organizationId().toString();

    Run r =
        run(
            Map.of(),
            "list",
            "--base-url",
            server.baseUrl(),
            "--token",
            server.token(),
            "--limit",
            "10",
            "--start-page",
            "2",
            "--max-items",
            "15",
            "--benefit-id",
            benefit,
            "--organization-id",
            org,
            "--organization-id",
            org);

    assertThat(r.status()).isZero();
    assertThat(r.lines()).hasSize(15);
    assertThat(server.pagesRequested()).containsExactly(2, 3);
    assertThat(server.requests().get(0).queryParameter("benefit_id")).containsExactly(benefit);
    assertThat(server.requests().get(0).queryParameter("organization_id"))
        .containsExactly(org, org);
  }

  @Test
  void list_reportsRetriesInTheSummary() {
    server.faults().onPage(1, Fault.status(503));

    Run r =
        run(
            Map.of(),
            "list",
            "--base-url",
            server.baseUrl(),
            "--token",
            server.token(),
            "--retries",
            "2");

    assertThat(r.status()).isZero();
    assertThat(r.lines()).hasSize(230);
    assertThat(r.err()).contains("(1 retries)").contains("retrying page 1");
  }

  @Test
  void list_failure_printsOneLineNamingTheCauseAndExitsOne() {
    Run r = run(Map.of(), "list", "--base-url", server.baseUrl(), "--token", "polar_cst_nope");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err())
        .startsWith("polarflux: error: Polar answered 401 Unauthorized (invalid_token: ")
        .contains("on page 1")
        .contains("[PolarUnauthorizedException, resume with --start-page 1]")
        .doesNotContain("polar_cst_nope")
        .doesNotContain("\tat ");
  }

  @Test
  void list_retriesExhausted_exitOneWithTheTypedCause() {
    server.faults().onPage(2, Fault.status(502), Fault.status(502));

    Run r =
        run(
            Map.of(),
            "list",
            "--base-url",
            server.baseUrl(),
            "--token",
            server.token(),
            "--retries",
            "1",
            "--timeout",
            "2s",
            "--deadline",
            "1m");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.lines()).hasSize(100);
    assertThat(r.err())
        .contains("polarflux: error: Polar answered 502 on page 2")
        .contains("(after 2 attempts) [PolarServerException, resume with --start-page 2]");
  }

  @Test
  void list_rateLimit_holdsTheNextPageAMinute_soTheDeadlineEndsTheListing() {
    Run r =
        run(
            Map.of(),
            "list",
            "--base-url",
            server.baseUrl(),
            "--token",
            server.token(),
            "--rate-limit",
            "1",
            "--deadline",
            "1s");

    assertThat(r.status()).isEqualTo(1);
    assertThat(r.lines()).hasSize(100);
    assertThat(r.err()).contains("deadline").contains("resume with --start-page 2]");
    assertThat(server.pagesRequested()).containsExactly(1);
  }

  @Test
  void list_redis_countsTheBudgetInRedisUnderTheTokensHash() {
    try (RedisServer redis = RedisServer.start()) {
      Run r =
          run(
              Map.of(),
              "list",
              "--base-url",
              server.baseUrl(),
              "--token",
              server.token(),
              "--redis",
              redis.uri(),
              "--rate-limit",
              "100");

      assertThat(r.status()).as(r.err()).isZero();
      assertThat(r.lines()).hasSize(230);
      List<String> keys = redis.inspect(c -> c.keys("*"));
      assertThat(keys).hasSize(1);
      assertThat(keys.get(0)).matches("polarflux:budget:\\{v1:[0-9a-f]{32}}:slots");
      assertThat(keys.get(0)).doesNotContain(server.token().substring(10));
      long members = redis.inspect(c -> c.zcard(keys.get(0)));
      assertThat(members).isEqualTo(server.pagesRequested().size()).isEqualTo(3);
    }
  }

  @Test
  void badCommandLines_printOneLineAndUsageAndExitTwo() {
    String[][] cases = {
      {"list", "--base-url", "http://127.0.0.1:1", "--bogus", "1"},
      {"list", "--base-url", "http://127.0.0.1:1", "--limit", "101"},
      {"list", "--base-url", "http://127.0.0.1:1", "--limit", "ten"},
      {"list", "--base-url", "http://127.0.0.1:1", "--timeout", "10 seconds"},
      {"list", "--base-url", "http://127.0.0.1:1", "--benefit-id", "nope"},
      {"list", "--base-url", "http://example.com"},
      {"list"},
      {"frobnicate"},
      {"serve", "--port", "-1"},
      {"list", "--base-url", "http://127.0.0.1:1", "--rate-limit", "-1"},
      {"list", "--base-url", "http://127.0.0.1:1", "--redis", "http://x"},
      {"list", "--base-url", "http://127.0.0.1:1", "--redis", "redis://x", "--rate-limit", "0"},
    };
    String[] expected = {
      "polarflux: unknown option --bogus",
      "polarflux: option --limit must be between 1 and 100, was: 101",
      "polarflux: option --limit must be a whole number, was: ten",
      "polarflux: option --timeout must be a duration like 500ms, 10s, 2m or 1h, was: 10 seconds",
      "polarflux: option --benefit-id must be a UUID, was: nope",
      "polarflux: option --base-url: baseUrl uses plain http to example.com",
      "polarflux: list needs --base-url",
      "polarflux: unknown command 'frobnicate'",
      "polarflux: option --port must be between 0 and 65535, was: -1",
      "polarflux: option --rate-limit must be between 0 and 1000000, was: -1",
      "polarflux: option --redis: not a Redis URI such as redis://host:6379",
      "polarflux: option --redis needs a budget, but --rate-limit is 0",
    };
    for (int i = 0; i < cases.length; i++) {
      Run r = run(Map.of(), cases[i]);

      assertThat(r.status()).as(String.join(" ", cases[i])).isEqualTo(2);
      assertThat(r.err()).startsWith(expected[i]).contains("usage: polarflux");
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void formatCsv_writesAHeaderAndOneRowPerKey() {
    Run r =
        run(
            Map.of(),
            "list",
            "--base-url",
            server.baseUrl(),
            "--token",
            server.token(),
            "--format",
            "csv");

    assertThat(r.status()).isZero();
    assertThat(r.lines()).hasSize(231);
    assertThat(r.lines().get(0))
        .isEqualTo(
            "id,created_at,modified_at,organization_id,customer_id,customer_email,customer_name,"
                + "benefit_id,key,display_key,status,limit_activations,usage,limit_usage,"
                + "validations,last_validated_at,expires_at");
    LicenseKeyRead first = server.dataset().keys().get(0);
    assertThat(r.lines().get(1))
        .startsWith(first.id() + "," + first.createdAt() + ",")
        .contains("," + first.displayKey() + "," + first.status().value() + ",");
  }

  @Test
  void output_writesToTheFileAndNothingToStdout(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("keys.ndjson");

    Run r =
        run(
            Map.of(),
            "list",
            "--base-url",
            server.baseUrl(),
            "--token",
            server.token(),
            "--output",
            file.toString());

    assertThat(r.status()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(decode(java.nio.file.Files.readAllLines(file))).isEqualTo(server.dataset().keys());
    assertThat(r.err()).contains("written to " + file);
  }

  @Test
  void progress_isDrawnOnATerminalOnly() {
    Run terminal =
        run(
            true,
            Map.of(),
            "list",
            "--base-url",
            server.baseUrl(),
            "--token",
            server.token(),
            "--limit",
            "100");
    Run piped =
        run(false, Map.of(), "list", "--base-url", server.baseUrl(), "--token", server.token());
    Run disabled =
        run(
            true,
            Map.of(),
            "list",
            "--base-url",
            server.baseUrl(),
            "--token",
            server.token(),
            "--no-progress");

    assertThat(terminal.err())
        .contains("\r[#############.................] 100/230 keys, page 1/3")
        .contains("\r[##############################] 230/230 keys, page 3/3");
    assertThat(terminal.lines()).hasSize(230);
    assertThat(piped.err()).doesNotContain("\r");
    assertThat(disabled.err()).doesNotContain("\r");
  }

  @Test
  void unknownFormat_isAUsageError() {
    Run r = run(Map.of(), "list", "--base-url", server.baseUrl(), "--format", "xml");

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err()).startsWith("polarflux: option --format must be ndjson or csv, was: xml");
  }

  @Test
  void help_printsUsageAndExitsZero() {
    Run r = run(Map.of(), "list", "--help");

    assertThat(r.status()).isZero();
    assertThat(r.out()).contains("usage: polarflux");
  }

  @Test
  void noArguments_runsTheDemoOverTheEmbeddedServer() throws IOException {
    Run r = run(Map.of(), "--keys", "250");

    assertThat(r.status()).isZero();
    assertThat(decode(r.lines())).isEqualTo(LicenseKeyDataset.generate(250, 42L).keys());
    assertThat(r.err())
        .contains("embedded Polar-compatible server at http://127.0.0.1:")
        .contains("250 keys in 3 pages (0 retries)");
  }

  @Test
  void serve_printsReadyAndServesUntilStopped() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--port",
                "0",
                "--keys",
                "42")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader stdout =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String ready = stdout.readLine();
      assertThat(ready).matches("READY http://127\\.0\\.0\\.1:\\d+ polar_cst_\\S+");
      String[] parts = ready.split(" ");

      Run r = run(Map.of("POLAR_CUSTOMER_SESSION", parts[2]), "list", "--base-url", parts[1]);

      assertThat(r.status()).isZero();
      assertThat(r.lines()).hasSize(42);
    } finally {
      p.destroy();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
