package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.internal.DecodeException;
import dev.polarflux.internal.client.ExceptionFactory;
import dev.polarflux.internal.client.NettyPageTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;

class ExceptionFactoryTest {

  private static final String TOKEN = "polar_cst_SECRET0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

  @Test
  void unauthorized_withoutCredentials_keepsPolarsErrorCode() {
    PolarException e =
        ExceptionFactory.fromResponse(
            401, null, "{\"error\":\"Unauthorized\",\"detail\":\"Unauthorized\"}", 2, TOKEN);

    assertThat(e).isInstanceOf(PolarUnauthorizedException.class);
    PolarUnauthorizedException u = (PolarUnauthorizedException) e;
    assertThat(u.errorCode()).isEqualTo("Unauthorized");
    assertThat(u.description()).isEqualTo("Unauthorized");
    assertThat(u.page()).isEqualTo(2);
    assertThat(u.status()).isEqualTo(401);
    assertThat(u.isRetryable()).isFalse();
    assertThat(u.getMessage())
        .isEqualTo("Polar answered 401 Unauthorized (Unauthorized: Unauthorized) on page 2");
  }

  @Test
  void unauthorized_invalidToken_keepsCodeAndDescription() {
    PolarException e =
        ExceptionFactory.fromResponse(
            401,
            null,
            "{\"error\":\"invalid_token\",\"error_description\":\"The access token provided is"
                + " expired, revoked, malformed, or invalid for other reasons.\"}",
            1,
            TOKEN);

    PolarUnauthorizedException u = (PolarUnauthorizedException) e;
    assertThat(u.errorCode()).isEqualTo("invalid_token");
    assertThat(u.description()).startsWith("The access token provided is expired");
    assertThat(u.getMessage()).startsWith("Polar answered 401 Unauthorized (invalid_token: The");
  }

  @Test
  void validation_parsesTheDetailList() {
    PolarException e =
        ExceptionFactory.fromResponse(
            422,
            null,
            "{\"error\":\"RequestValidationError\",\"detail\":[{\"type\":\"greater_than\","
                + "\"loc\":[\"query\",\"page\"],\"msg\":\"Input should be greater than 0\","
                + "\"input\":\"0\",\"ctx\":{\"gt\":0}}]}",
            1,
            TOKEN);

    PolarValidationException v = (PolarValidationException) e;
    assertThat(v.errors())
        .containsExactly(
            new ValidationError(
                "greater_than", List.of("query", "page"), "Input should be greater than 0", "0"));
    assertThat(v.getMessage())
        .isEqualTo(
            "Polar answered 422 Unprocessable Entity on page 1:"
                + " [query.page: Input should be greater than 0 [greater_than]]");
  }

  @Test
  void notFound_pointsAtBaseUrlAndVersion() {
    PolarException e =
        ExceptionFactory.fromResponse(404, null, "{\"detail\":\"Not Found\"}", 1, null);

    assertThat(e).isInstanceOf(PolarNotFoundException.class);
    assertThat(((PolarNotFoundException) e).detail()).isEqualTo("Not Found");
    assertThat(e.getMessage()).contains("Polar-Version");
  }

  @Test
  void rateLimited_readsRetryAfterSeconds() {
    PolarException e = ExceptionFactory.fromResponse(429, "60", "", 4, null);

    PolarRateLimitException r = (PolarRateLimitException) e;
    assertThat(r.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(r.isRetryable()).isTrue();
    assertThat(r.getMessage())
        .isEqualTo("Polar answered 429 Too Many Requests on page 4 (Retry-After 60s)");
  }

  @Test
  void retryAfter_readsAnHttpDate() {
    String inTwoMinutes =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(120));

    Duration wait = ExceptionFactory.retryAfter(inTwoMinutes);

    assertThat(wait).isBetween(Duration.ofSeconds(100), Duration.ofSeconds(121));
    assertThat(ExceptionFactory.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
    assertThat(ExceptionFactory.retryAfter("soon")).isNull();
    assertThat(ExceptionFactory.retryAfter("-5")).isNull();
  }

  @Test
  void serverError_isTransientWithAnExcerptOfAnHtmlBody() {
    PolarException e =
        ExceptionFactory.fromResponse(
            502, null, "<html>\n<body>\n<h1>502 Bad Gateway</h1>\n</body>\n</html>", 7, null);

    assertThat(e).isInstanceOf(PolarServerException.class);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage())
        .isEqualTo(
            "Polar answered 502 on page 7: <html> <body> <h1>502 Bad Gateway</h1> </body> </html>");
  }

  @Test
  void otherStatuses_areClientErrors() {
    assertThat(ExceptionFactory.fromResponse(409, null, "", 1, null))
        .isInstanceOf(PolarClientException.class)
        .hasMessage("Polar answered unexpected status 409 on page 1");
    assertThat(
            ExceptionFactory.fromResponse(
                403, null, "{\"error\":\"NotPermitted\",\"detail\":\"No.\"}", 1, null))
        .isInstanceOfSatisfying(
            PolarNotPermittedException.class, e -> assertThat(e.detail()).isEqualTo("No."))
        .hasMessage("Polar answered 403 Forbidden (No.) on page 1");
    assertThat(ExceptionFactory.fromResponse(307, null, "", 1, null))
        .isInstanceOf(PolarClientException.class);
  }

  @Test
  void bodiesEchoingTheToken_areRedacted() {
    String body = "{\"error\":\"invalid_token\",\"error_description\":\"bad " + TOKEN + "\"}";

    PolarException e = ExceptionFactory.fromResponse(401, null, body, 1, TOKEN);
    PolarException e500 = ExceptionFactory.fromResponse(500, null, "echo " + TOKEN, 1, TOKEN);
    PolarException e422 =
        ExceptionFactory.fromResponse(
            422,
            null,
            "{\"detail\":[{\"type\":\"t\",\"loc\":[\"header\"],\"msg\":\"m\",\"input\":\""
                + TOKEN
                + "\"}]}",
            1,
            TOKEN);

    assertThat(e.getMessage()).doesNotContain(TOKEN).contains("<redacted>");
    assertThat(((PolarUnauthorizedException) e).description()).doesNotContain(TOKEN);
    assertThat(e500.getMessage()).doesNotContain(TOKEN);
    assertThat(e422.getMessage()).doesNotContain(TOKEN);
    assertThat(((PolarValidationException) e422).errors().get(0).input()).isEqualTo("<redacted>");
  }

  /** A failure as the transport hands it up: its HTTP library's exceptions classified. */
  private static Throwable fromTransport(Throwable failure, int page, Duration timeout) {
    return ExceptionFactory.fromFailure(NettyPageTransport.classified(failure), page, timeout);
  }

  @Test
  void transportFailures_mapToTypedErrors() {
    assertThat(ExceptionFactory.fromFailure(new TimeoutException(), 3, Duration.ofMillis(1500)))
        .isInstanceOf(PolarTimeoutException.class)
        .hasMessage("No complete response within 1500ms on page 3");
    assertThat(fromTransport(PrematureCloseException.TEST_EXCEPTION, 3, null))
        .isInstanceOf(PolarConnectionException.class)
        .hasMessage("The connection closed before the response was complete on page 3")
        .hasCause(PrematureCloseException.TEST_EXCEPTION);
    assertThat(ExceptionFactory.fromFailure(new ConnectException("refused"), 1, null))
        .isInstanceOf(PolarConnectionException.class)
        .hasMessage("Could not connect on page 1");
    assertThat(ExceptionFactory.fromFailure(new IOException("Connection reset by peer"), 1, null))
        .isInstanceOf(PolarConnectionException.class);
    assertThat(fromTransport(new io.netty.channel.ConnectTimeoutException("slow"), 1, null))
        .isInstanceOf(PolarTimeoutException.class)
        .extracting(e -> ((PolarTimeoutException) e).kind())
        .isEqualTo(PolarTimeoutException.Kind.CONNECT);
    assertThat(fromTransport(new reactor.netty.channel.AbortedException("closed"), 2, null))
        .isInstanceOf(PolarConnectionException.class)
        .hasMessage("The connection was closed before the request was sent on page 2");
    assertThat(
            fromTransport(
                io.netty.handler.timeout.ReadTimeoutException.INSTANCE, 4, Duration.ofSeconds(2)))
        .isInstanceOf(PolarTimeoutException.class)
        .hasMessage("No complete response within 2s on page 4");
    IllegalStateException bug = new IllegalStateException("bug");
    assertThat(ExceptionFactory.fromFailure(bug, 1, null)).isSameAs(bug);
  }

  @Test
  void decodeFailures_areUndecodableNamingThePage() throws Exception {
    Throwable e;
    try {
      dev.polarflux.internal.LicenseKeyCodec.readPage(
          new java.io.ByteArrayInputStream("{\"items\":[1]}".getBytes("UTF-8")), 1);
      throw new AssertionError("decoded");
    } catch (DecodeException expected) {
      e = ExceptionFactory.fromFailure(expected, 5, null);
    }

    assertThat(e)
        .isInstanceOf(PolarDecodingException.class)
        .hasMessageStartingWith(
            "Polar's response for page 5 could not be decoded: at /items/0: expected a license"
                + " key object");
  }

  @Test
  void errorBodies_quotingTheTokenAtAnyOffset_neverShowAnyPartOfIt() {
    String configured = "s3cr3t-NOT-polar-shaped-0123456789abcdefghijklmnopq";
    String polarShaped = "polar_cst_QUOTED0other0token0abcdefghijklmnopqrstuvwxyz12";
    for (int offset = 0; offset <= 400; offset++) {
      String filler = "x".repeat(offset);
      String[] bodies = {
        "<html><pre>" + filler + "Authorization: Bearer " + configured + "</pre></html>",
        filler + " token=" + configured + " and more text after it",
        filler + " leaked " + polarShaped,
        filler + " authorization: bearer\t" + configured,
      };
      for (String body : bodies) {
        for (int status : new int[] {500, 503, 418}) {
          PolarException e = ExceptionFactory.fromResponse(status, null, body, 1, configured);
          assertNoPart(e.getMessage(), configured, offset);
          assertNoPart(e.getMessage(), polarShaped, offset);
        }
      }
    }
  }

  @Test
  void redact_removesPolarShapedTokensAndBearerCredentialsNotOnlyTheConfiguredOne() {
    assertThat(ExceptionFactory.redact("a polar_oat_abc123_XYZ-9 b", null))
        .isEqualTo("a <redacted> b");
    assertThat(ExceptionFactory.redact("Authorization: Bearer abc.def/ghi= next", null))
        .isEqualTo("Authorization: Bearer <redacted> next");
    assertThat(ExceptionFactory.redact("{\"auth\":\"BEARER  opaque-value\"}", null))
        .isEqualTo("{\"auth\":\"BEARER  <redacted>\"}");
    assertThat(ExceptionFactory.redact("x mysecret y", "mysecret")).isEqualTo("x <redacted> y");
    assertThat(ExceptionFactory.redact("nothing secret here", null))
        .isEqualTo("nothing secret here");
  }

  @Test
  void decodeFailures_quotingATokenAreRedacted() {
    String token = "polar_cst_INBODY0abcdefghijklmnopqrstuvwxyz0123456789AB";
    Throwable e;
    try {
      dev.polarflux.internal.LicenseKeyCodec.readPage(
          new java.io.ByteArrayInputStream(
              ("{\"items\":[" + token + "]}").getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          1);
      throw new AssertionError("decoded");
    } catch (java.io.IOException expected) {
      e = ExceptionFactory.fromFailure(expected, 2, null, "api.polar.sh:443", "other");
    }
    assertThat(e).isInstanceOf(PolarDecodingException.class);
    assertNoPart(e.getMessage(), token, 0);
    assertThat(e.getCause()).isNull();
  }

  @Test
  void retryAfter_tooLargeForALong_isOverAnyCapNotAbsent() {
    assertThat(ExceptionFactory.retryAfter("99999999999999999999999", 0))
        .isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
    PolarRateLimitException e =
        (PolarRateLimitException)
            ExceptionFactory.fromResponse(429, "99999999999999999999999", "", 3, null, 0);
    assertThat(e.retryAfter()).isGreaterThan(Duration.ofDays(365 * 1000));
  }

  @Test
  void retryAfter_readsAllThreeHttpDateFormatsAgainstTheGivenClock() {
    long now =
        ZonedDateTime.parse("Sun, 06 Nov 1994 08:49:07 GMT", DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant()
            .toEpochMilli();

    assertThat(ExceptionFactory.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(ExceptionFactory.retryAfter("Sunday, 06-Nov-94 08:49:37 GMT", now))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(ExceptionFactory.retryAfter("Sun Nov  6 08:49:37 1994", now))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(ExceptionFactory.retryAfter("Sun Nov 16 08:49:37 1994", now))
        .isEqualTo(Duration.ofDays(10).plusSeconds(30));
    assertThat(ExceptionFactory.retryAfter("Sun, 06 Nov 1994 08:48:00 GMT", now)).isZero();
    assertThat(ExceptionFactory.retryAfter("Sunday, 06-Nov-94 08:49:37", now)).isNull();
  }

  @Test
  void failures_keepTheirCauseAndConnectionErrorsNameTheEndpoint() {
    java.net.ConnectException refused = new java.net.ConnectException("refused");
    Throwable connect = ExceptionFactory.fromFailure(refused, 4, null, "api.polar.sh:443", null);
    assertThat(connect)
        .isInstanceOf(PolarConnectionException.class)
        .hasMessage("Could not connect to api.polar.sh:443 on page 4")
        .hasCause(refused);

    TimeoutException slow = new TimeoutException("slow");
    Throwable timeout =
        ExceptionFactory.fromFailure(slow, 4, Duration.ofSeconds(2), "api.polar.sh:443", null);
    assertThat(timeout).isInstanceOf(PolarTimeoutException.class).hasCause(slow);

    IOException reset = new IOException("Connection reset by peer");
    assertThat(ExceptionFactory.fromFailure(reset, 4, null, "api.polar.sh:443", null))
        .hasMessage("The connection to api.polar.sh:443 failed on page 4 (IOException)")
        .hasCause(reset);
  }

  @Test
  void deadline_isNonTransientAndSaysSo() {
    PolarDeadlineException e = ExceptionFactory.deadline(Duration.ofSeconds(3), 7);

    assertThat(e).isInstanceOf(PolarNonTransientException.class);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.page()).isEqualTo(7);
    assertThat(e.deadline()).isEqualTo(Duration.ofSeconds(3));
  }

  private static void assertNoPart(String message, String secret, int offset) {
    for (int i = 0; i + 8 <= secret.length(); i++) {
      assertThat(message)
          .as("offset %d: %s", offset, message)
          .doesNotContain(secret.substring(i, i + 8));
    }
  }
}
