package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A header value is one line of the request: a token, version or user agent holding CR, LF or
 * another control character must never reach the wire, where it would add headers or smuggle a
 * second request onto the pooled connection. Checked against a raw-socket server that records the
 * request heads it reads.
 */
class HeaderInjectionTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String EMPTY_PAGE =
      "{\"items\":[],\"pagination\":{\"total_count\":0,\"max_page\":0}}";

  private RawHttpServer server;

  @BeforeEach
  void start() throws IOException {
    server =
        RawHttpServer.answering(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + EMPTY_PAGE.length()
                + "\r\nConnection: close\r\n\r\n"
                + EMPTY_PAGE);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private static final String[] BAD_TOKENS = {
    "tok\r\nX-Injected: yes",
    "tok\r\n\r\nGET /v1/customer-portal/license-keys/?page=9 HTTP/1.1\r\nHost: x\r\n\r\n",
    "tok\nX-Injected: yes",
    "tok\rX-Injected: yes",
    "tok\0en",
    "t\u007fok",
    "tök€n",
    "tok en",
    "tok\ten",
    "",
    " ",
  };

  @Test
  void fixedToken_withControlOrNonAsciiCharacters_isRefusedAtConfiguration() {
    for (String bad : BAD_TOKENS) {
      assertThatThrownBy(() -> PolarClient.create().token(bad))
          .as("token %s", bad.replace("\r", "\\r").replace("\n", "\\n"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("token ")
          .hasMessageEndingWith("; a token is visible ASCII characters only");
    }
    assertThatThrownBy(() -> PolarClient.create().token("tok\r\nX-Injected: yes"))
        .hasMessage(
            "token contains a carriage return at index 3; a token is visible ASCII characters"
                + " only");
    assertThatThrownBy(() -> PolarClient.create().token("tök€n"))
        .hasMessage(
            "token contains a non-ASCII character at index 1; a token is visible ASCII characters"
                + " only");
  }

  @Test
  void suppliedToken_withControlOrNonAsciiCharacters_failsThePageUnsentAndUnretried() {
    for (String bad : BAD_TOKENS) {
      AtomicInteger asked = new AtomicInteger();
      try (PolarClient polar =
          PolarClient.create()
              .baseUrl(server.baseUrl())
              .token(Mono.fromSupplier(() -> bad).doOnSubscribe(s -> asked.incrementAndGet()))) {
        StepVerifier.create(polar.licenseKeys())
            .expectErrorSatisfies(
                e -> {
                  assertThat(e)
                      .isInstanceOf(PolarRequestException.class)
                      .hasMessageStartingWith("The token supplier supplied a token that ")
                      .hasMessageEndingWith("; page 1 was not requested");
                  assertThat(((PolarException) e).page()).isEqualTo(1);
                  assertThat(((PolarException) e).isRetryable()).isFalse();
                  assertThat(e.getMessage()).doesNotContain("X-Injected").doesNotContain("GET");
                })
            .verify(WAIT);
      }
      assertThat(asked).as("supplier subscriptions").hasValue(1);
    }
    assertThat(server.requests()).isZero();
  }

  @Test
  void suppliedEmptyToken_isRefusedLikeAFixedEmptyOne() {
    try (PolarClient polar = PolarClient.create().baseUrl(server.baseUrl()).token(Mono.just(""))) {
      StepVerifier.create(polar.licenseKeys())
          .expectErrorSatisfies(
              e ->
                  assertThat(e)
                      .isInstanceOf(PolarRequestException.class)
                      .hasMessage(
                          "The token supplier supplied a token that is empty; page 1 was not"
                              + " requested"))
          .verify(WAIT);
    }
    assertThat(server.requests()).isZero();
  }

  @Test
  void polarVersionAndUserAgent_withLineBreaksOrControls_areRefusedAtConfiguration() {
    String[] bad = {"2026-04\r\nX-Injected: yes", "a\nb", "a\rb", "a\0b", "ä", "", "  "};
    for (String value : bad) {
      assertThatThrownBy(() -> PolarClient.create().polarVersion(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("polarVersion ");
      assertThatThrownBy(() -> PolarClient.create().userAgent(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("userAgent ");
    }
    assertThatThrownBy(() -> PolarClient.create().userAgent("app/1\r\nX-Injected: yes"))
        .hasMessage(
            "userAgent contains a carriage return at index 5; a header value is printable ASCII"
                + " characters only");
  }

  @Test
  void validValues_reachTheWireAsOneHeaderLineEach() {
    try (PolarClient polar =
        PolarClient.create()
            .baseUrl(server.baseUrl())
            .token("polar_cst_Abc-_.~+/=123")
            .polarVersion("2026-04")
            .userAgent("my app/1.0 (contact: ops@example.com)")) {
      StepVerifier.create(polar.licenseKeys()).expectComplete().verify(WAIT);
    }

    assertThat(server.heads()).hasSize(1);
    String head = server.heads().get(0);
    assertThat(head)
        .startsWith("GET /v1/customer-portal/license-keys/?page=1&limit=100 HTTP/1.1\r\n")
        .contains("\r\nauthorization: Bearer polar_cst_Abc-_.~+/=123\r\n")
        .contains("\r\nPolar-Version: 2026-04\r\n")
        .contains("\r\nuser-agent: my app/1.0 (contact: ops@example.com)\r\n")
        .doesNotContain("X-Injected");
  }
}
