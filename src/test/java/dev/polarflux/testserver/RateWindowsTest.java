package dev.polarflux.testserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateWindowsTest {

  @Test
  void fixedWindows_countPerIdentity_andRefuseUntilTheWindowEnds() {
    RateWindows windows = new RateWindows(2, Duration.ofMinutes(1));

    assertThat(windows.admit("a", 60_000)).isZero();
    assertThat(windows.admit("a", 61_000)).isZero();
    assertThat(windows.admit("b", 61_000)).isZero();
    assertThat(windows.admit("a", 62_000)).isEqualTo(58);
    assertThat(windows.admit("a", 119_001)).isEqualTo(1);
    // The next window starts afresh: a fixed-window limiter allows two at 1:59 and two at 2:00.
    assertThat(windows.admit("a", 120_000)).isZero();
    assertThat(windows.admit("a", 120_000)).isZero();
    assertThat(windows.admit("a", 120_000)).isEqualTo(60);
  }

  @Test
  void server_overItsRateLimit_answers429LikePolar() {
    try (PolarTestServer server =
        PolarTestServer.builder()
            .dataset(LicenseKeyDataset.generate(10, 1L))
            .rateLimit(2, Duration.ofDays(1))
            .build()) {
      assertThat(Http.list(server, "").statusCode()).isEqualTo(200);
      assertThat(Http.list(server, "").statusCode()).isEqualTo(200);

      HttpResponse<byte[]> refused = Http.list(server, "");

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.body()).isEmpty();
      assertThat(Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow()))
          .isBetween(1L, 86_400L);
      assertThat(server.requests())
          .extracting(RecordedRequest::status)
          .containsExactly(200, 200, 429);
    }
  }

  @Test
  void builder_refusesABadLimit() {
    assertThatThrownBy(() -> PolarTestServer.builder().rateLimit(-1, Duration.ofMinutes(1)))
        .hasMessage("requests must not be negative, was: -1");
    assertThatThrownBy(() -> PolarTestServer.builder().rateLimit(1, Duration.ofMillis(10)))
        .hasMessage("window must be at least 1s, was: PT0.01S");
  }
}
