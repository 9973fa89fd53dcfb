package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Responses that are not valid HTTP, written byte for byte by a raw-socket server: each ends in a
 * typed, retried {@link PolarConnectionException} that names the page and the server, and never
 * quotes what the server sent.
 */
class MalformedResponseTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String TOKEN = "polar_cst_MALFORMED0abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String PAGE =
      "{\"items\":[],\"pagination\":{\"total_count\":0,\"max_page\":0}}";

  private static String ok() {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + PAGE.length()
        + "\r\nConnection: close\r\n\r\n"
        + PAGE;
  }

  private static PolarClient client(RawHttpServer server, int retries) {
    return PolarClient.create()
        .baseUrl(server.baseUrl())
        .token(TOKEN)
        .retries(retries)
        .backoff(Duration.ofMillis(1), Duration.ofMillis(2));
  }

  private static void assertTypedAndRetried(String malformed, String problem) throws IOException {
    try (RawHttpServer server = RawHttpServer.answering(malformed);
        PolarClient polar = client(server, 2)) {
      StepVerifier.create(polar.licenseKeys())
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isInstanceOf(PolarConnectionException.class);
                PolarException p = (PolarException) e;
                assertThat(p.page()).isEqualTo(1);
                assertThat(p.attempts()).isEqualTo(3);
                assertThat(p.isRetryable()).isTrue();
                assertThat(e.getMessage())
                    .startsWith(
                        "The response from 127.0.0.1:"
                            + server.port()
                            + " on page 1 is not valid HTTP: ")
                    .contains(problem)
                    .endsWith("(after 3 attempts)")
                    .doesNotContain(TOKEN)
                    .doesNotContain("MALFORMED");
              })
          .verify(WAIT);
      assertThat(server.requests()).isEqualTo(3);
    }
  }

  @Test
  void hugeHeader_isATypedRetriedConnectionError() throws IOException {
    assertTypedAndRetried(
        "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(20_000) + "\r\nContent-Length: 2\r\n\r\n{}",
        "TooLongHttpHeaderException");
  }

  @Test
  void statusThatIsNotANumber_isATypedRetriedConnectionError() throws IOException {
    assertTypedAndRetried(
        "HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\n{}", "NumberFormatException");
  }

  @Test
  void twoDifferentContentLengths_isATypedRetriedConnectionError() throws IOException {
    assertTypedAndRetried(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        "Multiple Content-Length values");
  }

  @Test
  void statusLineQuotingTheToken_isRedacted() throws IOException {
    assertTypedAndRetried(
        "HTTP/1.1 " + TOKEN + " OK\r\nContent-Length: 2\r\n\r\n{}", "NumberFormatException");
  }

  @Test
  void malformedOnce_thenValid_isRetriedAndTheListingCompletes() throws IOException {
    byte[] bad =
        "HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\n{}".getBytes(StandardCharsets.ISO_8859_1);
    byte[] good = ok().getBytes(StandardCharsets.ISO_8859_1);
    try (RawHttpServer server = RawHttpServer.start(n -> n == 1 ? bad : good);
        PolarClient polar = client(server, 2)) {
      StepVerifier.create(polar.licenseKeys()).expectComplete().verify(WAIT);
      assertThat(server.requests()).isEqualTo(2);
    }
  }
}
