package dev.polarflux.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.PolarClient;
import dev.polarflux.PolarException;
import dev.polarflux.testserver.Fault;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Mono;

/** {@link PolarProblemDetails} on the errors a real client signals against the embedded Polar. */
class PolarProblemDetailsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static PolarTestServer server;

  @BeforeAll
  static void start() {
    server = PolarTestServer.start(LicenseKeyDataset.generate(120, 9L));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The error of a listing whose first page meets {@code fault}, with no retry. */
  private static PolarException failure(Fault fault, UnaryOperator<PolarClient> configure) {
    server.faults().clear();
    if (fault != null) {
      server.faults().onPage(1, fault);
    }
    // A client of its own: a 429 pauses its token's budget.
    try (PolarClient polar =
        configure.apply(
            PolarClient.create().baseUrl(server.baseUrl()).token(server.token()).retries(0))) {
      Throwable error =
          polar
              .licenseKeys()
              .then()
              .onErrorResume(e -> Mono.error(e))
              .materialize()
              .block(WAIT)
              .getThrowable();
      assertThat(error).isInstanceOf(PolarException.class);
      return (PolarException) error;
    }
  }

  static Stream<Arguments> failures() {
    UnaryOperator<PolarClient> asIs = c -> c;
    return Stream.of(
        Arguments.of("401", Fault.status(401), asIs, 401, "Polar refused the credentials", null),
        Arguments.of("403", Fault.status(403), asIs, 403, "Polar refused the credentials", null),
        Arguments.of("404", Fault.status(404), asIs, 502, "Polar answered unexpectedly", null),
        Arguments.of("422", Fault.status(422), asIs, 502, "Polar answered unexpectedly", null),
        Arguments.of("418", Fault.status(418), asIs, 502, "Polar answered unexpectedly", null),
        Arguments.of("429", Fault.rateLimited("17"), asIs, 503, "Polar rate limit reached", "17"),
        Arguments.of(
            "429 without Retry-After",
            Fault.status(429),
            asIs,
            503,
            "Polar rate limit reached",
            null),
        Arguments.of("500", Fault.status(500), asIs, 502, "Polar failed", null),
        Arguments.of(
            "503 with Retry-After", Fault.status(503, "4"), asIs, 503, "Polar failed", "4"),
        Arguments.of(
            "reset", Fault.resetBeforeHeaders(), asIs, 502, "Polar could not be reached", null),
        Arguments.of(
            "malformed", Fault.malformedBody(), asIs, 502, "Polar answered unexpectedly", null),
        Arguments.of(
            "response timeout",
            Fault.delay(Duration.ofSeconds(3)),
            (UnaryOperator<PolarClient>) c -> c.responseTimeout(Duration.ofMillis(200)),
            504,
            "Polar did not answer in time",
            null),
        Arguments.of(
            "deadline",
            Fault.delay(Duration.ofSeconds(3)),
            (UnaryOperator<PolarClient>) c -> c.deadline(Duration.ofMillis(200)),
            504,
            "Polar did not answer in time",
            null),
        Arguments.of(
            "token supplier failed",
            null,
            (UnaryOperator<PolarClient>)
                c -> c.token(Mono.error(new IllegalStateException("vault down"))),
            500,
            "Polar request could not be made",
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void failure_isAnsweredWithItsStatusAndProblem(
      String name,
      Fault fault,
      UnaryOperator<PolarClient> configure,
      int status,
      String title,
      String retryAfter) {
    PolarException error = failure(fault, configure);

    ResponseEntity<ProblemDetail> response = PolarProblemDetails.create().response(error);

    assertThat(response.getStatusCode().value()).isEqualTo(status);
    assertThat(response.getHeaders().getContentType())
        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo(retryAfter);
    ProblemDetail problem = response.getBody();
    assertThat(problem.getStatus()).isEqualTo(status);
    assertThat(problem.getTitle()).isEqualTo(title);
    assertThat(problem.getDetail()).isNotBlank();
    assertThat(problem.getProperties()).containsEntry("attempts", 1);
    if (error.status() != 0) {
      assertThat(problem.getProperties()).containsEntry("polarStatus", error.status());
    }
    assertThat(String.valueOf(problem))
        .doesNotContain(server.token())
        .doesNotContain(server.baseUrl())
        .doesNotContain("vault down")
        .doesNotContain(error.getMessage());
  }

  @Test
  void retryAfterAsADate_isPassedOnInWholeSeconds() {
    // An HTTP-date Retry-After becomes a wait measured from now, with a fraction of a second.
    PolarException error =
        failure(
            Fault.rateLimited(
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(30))),
            c -> c);

    String header =
        PolarProblemDetails.create().response(error).getHeaders().getFirst(HttpHeaders.RETRY_AFTER);

    assertThat(Long.parseLong(header)).isBetween(1L, 31L);
  }

  @Test
  void unauthorizedStatus_property_changesTheAnswerToPolars401And403() {
    PolarException unauthorized = failure(Fault.status(401), c -> c);

    new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PolarAutoConfiguration.class))
        .withPropertyValues("polarflux.problem-details.unauthorized-status=502")
        .run(
            context -> {
              PolarProblemDetails details = context.getBean(PolarProblemDetails.class);
              assertThat(details.status(unauthorized)).isEqualTo(HttpStatus.BAD_GATEWAY);
              assertThat(details.status(failure(Fault.status(403), c -> c)))
                  .isEqualTo(HttpStatus.BAD_GATEWAY);
            });
  }

  @Test
  void unauthorizedStatus_mustBeAnError() {
    assertThatThrownBy(() -> PolarProblemDetails.create().unauthorizedStatus(HttpStatus.OK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unauthorizedStatus must be 4xx or 5xx, was: 200 OK");
  }

  @Test
  void aKeyOperationsRefusals_areAnsweredAs404And403_aListings404StaysA502() {
    dev.polarflux.model.LicenseKeyRead key =
        server.dataset().keys().stream()
            .filter(k -> k.status().equals(dev.polarflux.model.LicenseKeyStatus.GRANTED))
            .filter(k -> k.expiresAt() == null)
            .filter(k -> k.limitActivations() == null)
            .findFirst()
            .orElseThrow();
    PolarProblemDetails details = PolarProblemDetails.create();
    try (PolarClient polar = PolarClient.create().baseUrl(server.baseUrl())) {
      Throwable notValid =
          polar
              .customerPortal()
              .validate(
                  dev.polarflux.model.LicenseKeyValidate.of("no-such-key", key.organizationId()))
              .materialize()
              .block(WAIT)
              .getThrowable();
      Throwable refused =
          polar
              .customerPortal()
              .activate(
                  dev.polarflux.model.LicenseKeyActivate.of(
                      key.key(), key.organizationId(), "laptop"))
              .materialize()
              .block(WAIT)
              .getThrowable();

      assertThat(details.status((PolarException) notValid)).isEqualTo(HttpStatus.NOT_FOUND);
      assertThat(details.problem((PolarException) notValid).getTitle())
          .isEqualTo("License key not found or not valid");
      assertThat(details.status((PolarException) refused)).isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(details.problem((PolarException) refused).getDetail())
          .doesNotContain("activations");
    }
    assertThat(details.status(failure(Fault.status(404), c -> c)))
        .isEqualTo(HttpStatus.BAD_GATEWAY);
  }
}
