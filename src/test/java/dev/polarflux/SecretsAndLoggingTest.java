package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.cli.MainAccess;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;
import reactor.test.util.TestLogger;
import reactor.util.Loggers;

/**
 * A recognisable token goes through every error path; it must appear in no log line, exception
 * message, {@code toString} or CLI output. Also: one debug line per page, a warning per retry.
 */
class SecretsAndLoggingTest {

  private static final String TOKEN = "polar_cst_RECOGNISABLE0secret0token0value0abcdefghij";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static PolarTestServer server;
  private TestLogger log;

  @BeforeAll
  static void start() {
    server =
        PolarTestServer.builder().dataset(LicenseKeyDataset.generate(150, 5L)).token(TOKEN).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void captureLogs() {
    server.clearRequests();
    server.faults().clear();
    log = new TestLogger(false);
    Loggers.useCustomLoggers(name -> log);
  }

  @AfterEach
  void restoreLogs() {
    Loggers.resetLoggerFactory();
  }

  private PolarClient client() {
    return PolarClient.create()
        .baseUrl(server.baseUrl())
        .token(TOKEN)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
        .responseTimeout(Duration.ofMillis(500));
  }

  @Test
  void everyErrorPath_neverShowsTheToken() {
    List<Throwable> errors = new ArrayList<>();
    Fault[] faults = {
      Fault.body(500, "text/plain", "echo: Bearer " + TOKEN),
      Fault.body(
          401,
          "application/json",
          "{\"error\":\"invalid_token\",\"error_description\":\"" + TOKEN + "\"}"),
      Fault.body(
          422,
          "application/json",
          "{\"detail\":[{\"type\":\"x\",\"loc\":[\"header\"],\"msg\":\""
              + TOKEN
              + "\",\"input\":\""
              + TOKEN
              + "\"}]}"),
      Fault.body(404, "application/json", "{\"detail\":\"" + TOKEN + "\"}"),
      Fault.body(418, "text/plain", TOKEN),
      Fault.body(200, "text/html", "<p>" + TOKEN + "</p>"),
      Fault.body(200, "application/json", "{\"items\":[\"" + TOKEN + "\"]}"),
      Fault.rateLimited("3600"),
      Fault.malformedBody(),
      Fault.truncatedBody(),
      Fault.resetBeforeHeaders(),
      Fault.delay(Duration.ofSeconds(3)),
    };
    for (Fault fault : faults) {
      server.faults().clear().next(fault, fault);
      try (PolarClient polar = client().retries(1)) {
        StepVerifier.create(polar.licenseKeys()).expectErrorSatisfies(errors::add).verify(WAIT);
        assertThat(polar.toString()).doesNotContain(TOKEN);
      }
    }
    try (PolarClient wrong = client().token(TOKEN + "x")) {
      StepVerifier.create(wrong.licenseKeys()).expectErrorSatisfies(errors::add).verify(WAIT);
    }

    assertThat(errors).hasSize(faults.length + 1);
    for (Throwable e : errors) {
      assertThat(e).isInstanceOf(PolarException.class);
      assertThat(String.valueOf(e.getMessage()))
          .doesNotContain(TOKEN)
          .doesNotContain("RECOGNISABLE");
      assertThat(e.toString()).doesNotContain(TOKEN);
      if (e instanceof PolarUnauthorizedException u) {
        assertThat(String.valueOf(u.description())).doesNotContain(TOKEN);
      }
      if (e instanceof PolarValidationException v) {
        assertThat(v.errors().toString()).doesNotContain(TOKEN);
      }
    }
    assertThat(log.getOutContent() + log.getErrContent()).doesNotContain("RECOGNISABLE");
  }

  @Test
  void cli_failureOutput_neverShowsTheToken() {
    server
        .faults()
        .clear()
        .next(Fault.body(500, "text/plain", TOKEN), Fault.body(500, "text/plain", TOKEN));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        MainAccess.run(
            List.of("list", "--base-url", server.baseUrl(), "--retries", "1", "--timeout", "2s"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of("POLAR_CUSTOMER_SESSION", TOKEN));

    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(status).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(stderr).doesNotContain("RECOGNISABLE").contains("Polar answered 500 on page 1");
  }

  @Test
  void pagesAndRetries_areLoggedWithoutSecrets() {
    server.faults().onPage(2, Fault.status(503));
    log = new TestLogger(false);
    Loggers.useCustomLoggers(name -> log);

    try (PolarClient polar = client()) {
      StepVerifier.create(polar.licenseKeys()).expectNextCount(150).expectComplete().verify(WAIT);
    }

    String output = log.getOutContent() + log.getErrContent();
    assertThat(output)
        .contains("page 1 fetched: status 200, attempt 1,")
        .contains("page 2 attempt 1 failed, retrying in")
        .contains("page 2 fetched: status 200, attempt 2,")
        .doesNotContain("RECOGNISABLE");
  }

  @Test
  void errorPagesQuotingTheTokenAtAnyOffset_showNoPartOfItInMessagesOrWarnings() {
    for (int offset = 0; offset <= 300; offset += 7) {
      String page =
          "<html><body><pre>"
              + "-".repeat(offset)
              + "GET /v1/customer-portal/license-keys/ HTTP/1.1\nAuthorization: Bearer "
              + TOKEN
              + "\n</pre></body></html>";
      Fault fault = Fault.body(500, "text/html", page);
      server.faults().clear().next(fault, fault);
      Throwable[] error = new Throwable[1];
      try (PolarClient polar = client().retries(1)) {
        StepVerifier.create(polar.licenseKeys())
            .expectErrorSatisfies(e -> error[0] = e)
            .verify(WAIT);
      }
      String shown = error[0].getMessage() + "\n" + log.getOutContent() + log.getErrContent();
      assertThat(error[0]).isInstanceOf(PolarServerException.class);
      assertThat(shown).as("offset %d", offset).contains("Polar answered 500 on page 1");
      for (int i = 0; i + 8 <= TOKEN.length(); i++) {
        assertThat(shown).as("offset %d", offset).doesNotContain(TOKEN.substring(i, i + 8));
      }
    }
  }
}
