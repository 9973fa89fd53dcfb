package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.internal.client.PageTransport;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class PolarClientTest {

  private static final String TOKEN = "polar_cst_SECRET0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

  @Test
  void create_defaultsToProduction() {
    assertThat(PolarClient.create().baseUrl()).isEqualTo("https://api.polar.sh");
  }

  @Test
  void copies_leaveTheOriginalUnchanged() {
    PolarClient base = PolarClient.create();

    PolarClient sandbox = base.baseUrl(PolarClient.SANDBOX_URL).token(TOKEN).concurrency(4);

    assertThat(base.baseUrl()).isEqualTo(PolarClient.PRODUCTION_URL);
    assertThat(base.settings().concurrency).isEqualTo(1);
    assertThat(base.settings().token).isNull();
    assertThat(sandbox.baseUrl()).isEqualTo("https://sandbox-api.polar.sh");
    assertThat(sandbox.settings().concurrency).isEqualTo(4);
  }

  @Test
  void toString_hidesTheToken() {
    PolarClient polar = PolarClient.create().token(TOKEN);

    assertThat(polar.toString())
        .doesNotContain(TOKEN)
        .doesNotContain("SECRET")
        .contains("token=<redacted>")
        .contains("baseUrl=https://api.polar.sh");
    assertThat(polar.settings().toString()).doesNotContain(TOKEN);
  }

  @Test
  void baseUrl_trailingSlashes_areRemoved() {
    assertThat(PolarClient.create().baseUrl("https://polar.example.com/api/").baseUrl())
        .isEqualTo("https://polar.example.com/api");
  }

  @Test
  void baseUrl_plainHttpToLoopback_isAllowed() {
    assertThat(PolarClient.create().baseUrl("http://127.0.0.1:8080").baseUrl())
        .isEqualTo("http://127.0.0.1:8080");
    assertThat(PolarClient.create().baseUrl("http://localhost:1").baseUrl())
        .isEqualTo("http://localhost:1");
    assertThat(PolarClient.create().baseUrl("http://[::1]:1").baseUrl())
        .isEqualTo("http://[::1]:1");
  }

  @Test
  void baseUrl_plainHttpElsewhere_isRefusedWhenUsedUnlessAllowed() {
    PolarClient plain = PolarClient.create().baseUrl("http://api.polar.sh");
    assertThatThrownBy(plain::licenseKeys)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "baseUrl uses plain http to api.polar.sh, which would expose the token; use https or"
                + " allowInsecureHttp(true)");

    assertThat(
            PolarClient.create().allowInsecureHttp(true).baseUrl("http://polar.internal").baseUrl())
        .isEqualTo("http://polar.internal");
  }

  @Test
  void baseUrl_invalid_isRejectedWithoutEchoingCredentials() {
    assertThatThrownBy(() -> PolarClient.create().baseUrl("ftp://x"))
        .hasMessage("baseUrl must be an absolute http(s) URL, was: ftp://x");
    assertThatThrownBy(() -> PolarClient.create().baseUrl("https://user:" + TOKEN + "@host"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain(TOKEN);
    assertThatThrownBy(() -> PolarClient.create().baseUrl("https://h/?q=1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void arguments_areValidatedWithNamedMessages() {
    PolarClient polar = PolarClient.create();

    assertThatThrownBy(() -> polar.token(" "))
        .hasMessage(
            "token contains white space at index 0; a token is visible ASCII characters only");
    assertThatThrownBy(() -> polar.token((String) null)).hasMessage("token");
    assertThatThrownBy(() -> polar.concurrency(0))
        .hasMessage("concurrency must be between 1 and 64, was: 0");
    assertThatThrownBy(() -> polar.retries(-1))
        .hasMessage("maxRetries must not be negative, was: -1");
    assertThatThrownBy(() -> polar.responseTimeout(Duration.ZERO))
        .hasMessage("responseTimeout must be positive, was: PT0S");
    assertThatThrownBy(() -> polar.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("max must be at least min, was: PT1S < PT2S");
    assertThatThrownBy(() -> polar.maxBodySize(10))
        .hasMessage("maxBodySize must be at least 1024, was: 10");
    assertThatThrownBy(() -> polar.rateLimit(-1))
        .hasMessage("requestsPerMinute must not be negative, was: -1");
  }

  @Test
  void budgetIdentity_isAHashOfTheToken_sharedByCopies_neverTheToken() {
    PolarClient polar = PolarClient.create().token(TOKEN);

    String identity = polar.settings().budgetIdentity;
    assertThat(identity).matches("[0-9a-f]{32}").isEqualTo(PolarClient.budgetIdentity(TOKEN));
    assertThat(identity).isNotEqualTo(PolarClient.budgetIdentity(TOKEN + "x"));
    assertThat(polar.concurrency(4).settings().budgetIdentity).isEqualTo(identity);
    assertThat(polar.concurrency(4).settings().rateBudget).isSameAs(polar.settings().rateBudget);
    assertThat(PolarClient.create().settings().budgetIdentity).isEqualTo("none");
    assertThat(polar.token(reactor.core.publisher.Mono.just(TOKEN)).settings().budgetIdentity)
        .isEqualTo("supplier");
    assertThat(polar.toString())
        .contains("rateLimit=500/min in memory")
        .doesNotContain(TOKEN)
        .doesNotContain(identity);
    assertThat(polar.rateLimit(0).toString()).endsWith("rateLimit=off]");
  }

  @Test
  void query_validatesLimitPageAndCap() {
    assertThatThrownBy(() -> LicenseKeyQuery.create().limit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be between 1 and 100, was: 0");
    assertThatThrownBy(() -> LicenseKeyQuery.create().limit(101))
        .hasMessage("limit must be between 1 and 100, was: 101");
    assertThatThrownBy(() -> LicenseKeyQuery.create().startPage(0))
        .hasMessage("startPage must be at least 1, was: 0");
    assertThatThrownBy(() -> LicenseKeyQuery.create().maxItems(-1))
        .hasMessage("maxItems must not be negative, was: -1");
    assertThat(LicenseKeyQuery.create().limit()).isEqualTo(100);
    assertThat(LicenseKeyQuery.create().startPage()).isEqualTo(1);
  }

  @Test
  void close_beforeFirstUse_refusesLaterListings() {
    PolarClient polar = PolarClient.create().token(TOKEN);
    PolarClient copy = polar.concurrency(2);

    polar.close();

    assertThatThrownBy(polar::licenseKeys)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the PolarClient is closed");
    assertThatThrownBy(copy::licenseKeys).hasMessage("the PolarClient is closed");
  }

  @Test
  void close_failsListingsMadeBeforeIt() {
    PolarClient polar = PolarClient.create().baseUrl("http://127.0.0.1:9").token(TOKEN);
    LicenseKeyFlux early = polar.licenseKeys();

    polar.close();

    reactor.test.StepVerifier.create(early)
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOf(PolarRequestException.class)
                    .hasMessage("The PolarClient is closed: page 1 was not requested")
                    .extracting(error -> ((PolarException) error).page())
                    .isEqualTo(1))
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void plainHttp_toNamesThatOnlyLookLikeLoopback_isRefused() {
    String[] lookalikes = {
      "http://127.attacker.example:8080",
      "http://127.0.0.1.nip.io",
      "http://127.0.0.1.example.com",
      "http://localhost.example.com",
      "http://sub.localhost",
      "http://[::2]",
    };
    for (String url : lookalikes) {
      PolarClient polar = PolarClient.create().baseUrl(url).token(TOKEN);
      assertThatThrownBy(polar::licenseKeys)
          .as(url)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("baseUrl uses plain http to ");
    }
  }

  @Test
  void plainHttp_toLiteralLoopback_isAccepted() {
    String[] loopback = {
      "http://127.0.0.1:8080", "http://127.1.2.3", "http://127.255.255.255:1",
      "http://localhost:9", "http://LOCALHOST", "http://[::1]:8080",
    };
    for (String url : loopback) {
      PolarClient polar = PolarClient.create().baseUrl(url).token(TOKEN);
      assertThat(polar.licenseKeys()).as(url).isNotNull();
      polar.close();
    }
  }

  @Test
  void plainHttpCheck_doesNotDependOnTheOrderOfCalls() {
    PolarClient allowedThenRevoked =
        PolarClient.create()
            .allowInsecureHttp(true)
            .baseUrl("http://polar.internal")
            .allowInsecureHttp(false);
    assertThatThrownBy(allowedThenRevoked::licenseKeys)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("baseUrl uses plain http to polar.internal");

    PolarClient urlFirst =
        PolarClient.create().baseUrl("http://polar.internal").allowInsecureHttp(true);
    PolarClient allowFirst =
        PolarClient.create().allowInsecureHttp(true).baseUrl("http://polar.internal");
    assertThat(urlFirst.licenseKeys()).isNotNull();
    assertThat(allowFirst.licenseKeys()).isNotNull();
    urlFirst.close();
    allowFirst.close();
  }

  @Test
  void baseUrl_portOutOfRange_isRefusedAtConfiguration() {
    assertThatThrownBy(() -> PolarClient.create().baseUrl("http://127.0.0.1:99999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl must have a port from 1 to 65535, was: 99999");
    assertThatThrownBy(() -> PolarClient.create().baseUrl("https://api.polar.sh:0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("baseUrl must have a port from 1 to 65535, was: 0");
    assertThat(PolarClient.create().baseUrl("https://api.polar.sh:65535").baseUrl())
        .isEqualTo("https://api.polar.sh:65535");
  }

  @Test
  void baseUrl_withControlCharacters_isRefusedWithoutPrintingThemRaw() {
    assertThatThrownBy(() -> PolarClient.create().baseUrl("https://api.polar.sh\r\nX-Injected: 1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "baseUrl must be an absolute http(s) URL, was: https://api.polar.sh\\u000d\\u000aX-Injected: 1");
  }

  @Test
  void tokenCopies_shareTheTransport_otherChangesMakeTheirOwn() {
    try (PolarClient polar = PolarClient.create().baseUrl("http://127.0.0.1:8080")) {
      PageTransport first = polar.token("polar_cst_a").transport();

      assertThat(polar.token("polar_cst_b").transport()).isSameAs(first);
      assertThat(polar.token(Mono.just("polar_cst_c")).transport()).isSameAs(first);
      assertThat(polar.transport()).isSameAs(first);
      assertThat(polar.polarVersion("2026-04").token("polar_cst_a").transport()).isNotSameAs(first);
    }
  }
}
