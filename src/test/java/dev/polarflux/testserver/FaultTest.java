package dev.polarflux.testserver;

import static dev.polarflux.testserver.Http.LIST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.internal.PageBody;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class FaultTest {

  private static final LicenseKeyDataset DATASET = LicenseKeyDataset.generate(35, 17L);

  private PolarTestServer server;

  @BeforeEach
  void start() {
    server = PolarTestServer.start(DATASET);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void status_503_smallJsonBodyAndLoggedStatus() {
    server.faults().next(Fault.status(503));

    HttpResponse<byte[]> response = Http.list(server, "");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(Http.text(response)).isEqualTo("{\"detail\":\"Service Unavailable\"}");
    assertThat(response.headers().firstValue("retry-after")).isEmpty();
    assertThat(server.requests().get(0).status()).isEqualTo(503);
    assertThat(Http.list(server, "").statusCode()).as("only the next request").isEqualTo(200);
  }

  @Test
  void status_withRetryAfter_sendsHeader() {
    server.faults().next(Fault.status(502, "Wed, 21 Oct 2015 07:28:00 GMT"));

    HttpResponse<byte[]> response = Http.list(server, "");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("retry-after"))
        .hasValue("Wed, 21 Oct 2015 07:28:00 GMT");
  }

  @Test
  void rateLimited_nextRequest_429EmptyBodyWithRetryAfter() {
    server.faults().next(Fault.rateLimited("60"));

    HttpResponse<byte[]> response = Http.list(server, "");

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().allValues("retry-after")).containsExactly("60");
    assertThat(response.headers().firstValue("content-type")).isEmpty();
    assertThat(response.headers().map().keySet()).noneMatch(h -> h.startsWith("x-ratelimit"));
  }

  @Test
  void htmlError_502_htmlProxyPage() {
    server.faults().next(Fault.htmlError(502));

    HttpResponse<byte[]> response = Http.list(server, "");

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/html");
    assertThat(Http.text(response)).startsWith("<html>").contains("502 Bad Gateway");
  }

  @Test
  void htmlError_200_successStatusWithHtmlBody() {
    server.faults().next(Fault.htmlError(200));

    HttpResponse<byte[]> response = Http.list(server, "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.text(response)).contains("200 OK").doesNotContain("items");
  }

  @Test
  void delay_nextRequest_answersNormallyAfterTheDelay() {
    server.faults().next(Fault.delay(Duration.ofMillis(300)));

    long start = System.nanoTime();
    HttpResponse<byte[]> response = Http.list(server, "page=2");
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(Http.page(response).items()).isEqualTo(DATASET.keys().subList(10, 20));
    assertThat(server.faults().injectedByKind()).containsExactly(Map.entry("delay", 1));
  }

  @Test
  void resetBeforeHeaders_rawSocket_tcpResetWithoutAByteAndLogSaysZero() throws IOException {
    server.faults().next(Fault.resetBeforeHeaders());
    URI uri = URI.create(server.baseUrl());

    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(rawRequest());
      InputStream in = socket.getInputStream();
      assertThatThrownBy(() -> in.transferTo(received))
          .isInstanceOf(SocketException.class)
          .hasMessageContaining("reset");
    }

    assertThat(received.size()).isZero();
    assertThat(server.requests()).extracting(RecordedRequest::status).containsExactly(0);
    assertThat(Http.list(server, "").statusCode()).as("the server keeps serving").isEqualTo(200);
  }

  @Test
  void resetBeforeHeaders_everyAttempt_jdkClientFailsWithIoException() {
    server.faults().random(1L, 1.0, Fault.resetBeforeHeaders());
    HttpClient client = Http.freshClient();

    assertThatThrownBy(
            () ->
                client.send(
                    Http.authorized(server, LIST).build(), HttpResponse.BodyHandlers.ofByteArray()))
        .isInstanceOf(IOException.class);

    assertThat(server.requests()).isNotEmpty().allMatch(r -> r.status() == 0);
  }

  @Test
  void resetAfterHeaders_jdkClient_headersThenAQuarterOfTheBodyThenPrematureClose()
      throws Exception {
    byte[] full = Http.list(server, "").body();
    server.faults().next(Fault.resetAfterHeaders());

    Partial partial = readPartially(Http.freshClient());

    assertThat(partial.response.statusCode()).isEqualTo(200);
    assertThat(partial.response.headers().firstValueAsLong("content-length")).hasValue(full.length);
    assertThat(partial.failure).isInstanceOf(IOException.class);
    assertThat(partial.received).isEqualTo(Arrays.copyOf(full, full.length / 4));
    assertThat(server.requests()).extracting(RecordedRequest::status).containsExactly(200, 200);
  }

  @Test
  void truncatedBody_jdkClient_fullContentLengthHalfTheBytesThenPrematureClose() throws Exception {
    byte[] full = Http.list(server, "").body();
    server.faults().next(Fault.truncatedBody());

    Partial partial = readPartially(Http.freshClient());

    assertThat(partial.response.statusCode()).isEqualTo(200);
    assertThat(partial.response.headers().firstValueAsLong("content-length")).hasValue(full.length);
    assertThat(partial.failure).isInstanceOf(IOException.class);
    assertThat(partial.received).isEqualTo(Arrays.copyOf(full, full.length / 2));
  }

  @Test
  void slowBody_fiveChunks_chunkedCompletePageAfterEveryDelay() {
    server.faults().next(Fault.slowBody(Duration.ofMillis(80), 5));

    long start = System.nanoTime();
    HttpResponse<byte[]> response = Http.list(server, "limit=30");
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(response.headers().firstValue("content-length")).isEmpty();
    assertThat(response.headers().firstValue("transfer-encoding")).hasValue("chunked");
    PageBody page = Http.page(response);
    assertThat(page.items()).isEqualTo(DATASET.keys().subList(0, 30));
    assertThat(page.pagination().maxPage()).isEqualTo(2);
  }

  @Test
  void slowBody_clientGoesAwayMidBody_serverKeepsServing() throws IOException {
    server.faults().next(Fault.slowBody(Duration.ofMillis(20), 50));
    URI uri = URI.create(server.baseUrl());

    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(rawRequest());
      byte[] start = socket.getInputStream().readNBytes(200);
      assertThat(new String(start, StandardCharsets.US_ASCII))
          .startsWith("HTTP/1.1 200 OK")
          .containsIgnoringCase("transfer-encoding: chunked");
    }

    assertThat(Http.list(server, "").statusCode()).isEqualTo(200);
    assertThat(server.requests()).extracting(RecordedRequest::status).containsExactly(200, 200);
  }

  @Test
  void malformedBody_decoded_200JsonThatDoesNotParse() {
    server.faults().next(Fault.malformedBody());

    HttpResponse<byte[]> response = Http.list(server, "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
    assertThatThrownBy(
            () -> LicenseKeyCodec.readPage(new ByteArrayInputStream(response.body()), 10))
        .isInstanceOf(IOException.class);
  }

  @Test
  void body_teapot_exactStatusTypeAndBody() {
    server.faults().next(Fault.body(418, "text/plain; charset=utf-8", "I'm a teapot ☕"));

    HttpResponse<byte[]> response = Http.list(server, "");

    assertThat(response.statusCode()).isEqualTo(418);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    assertThat(Http.text(response)).isEqualTo("I'm a teapot ☕");
    assertThat(server.faults().injectedByKind()).containsOnlyKeys("body-418");
  }

  @Test
  void next_twoFaults_oneRequestEachInOrderThenNormal() {
    server.faults().next(Fault.status(500), Fault.rateLimited("1"));

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statuses.add(Http.list(server, "page=" + (i + 1)).statusCode());
    }

    assertThat(statuses).containsExactly(500, 429, 200);
    assertThat(server.pagesRequested()).containsExactly(1, 2, 3);
    assertThat(server.faults().injected()).isEqualTo(2);
  }

  @Test
  void onPage_withGlobalQueue_pageFaultsFirstAndOnlyForThatPage() {
    server.faults().next(Fault.status(500)).onPage(2, Fault.status(503), Fault.status(504));

    int page2 = Http.list(server, "page=2").statusCode();
    int page1 = Http.list(server, "page=1").statusCode();
    int page2Again = Http.list(server, "page=2").statusCode();
    int page2Third = Http.list(server, "page=2").statusCode();

    assertThat(List.of(page2, page1, page2Again, page2Third)).containsExactly(503, 500, 504, 200);
    assertThat(server.faults().injectedByKind())
        .containsExactly(
            Map.entry("status-500", 1), Map.entry("status-503", 1), Map.entry("status-504", 1));
  }

  @Test
  void onPage_requestWithoutPage_countsAsPageOne() {
    server.faults().onPage(1, Fault.status(502));

    assertThat(Http.list(server, "").statusCode()).isEqualTo(502);
  }

  @Test
  void faults_unauthorizedOrInvalidRequest_fireBeforeChecks() {
    server.faults().next(Fault.status(503), Fault.status(503));

    HttpResponse<byte[]> anonymous = Http.send(Http.request(server, LIST).build());
    HttpResponse<byte[]> invalid = Http.list(server, "page=0");

    assertThat(anonymous.statusCode()).isEqualTo(503);
    assertThat(invalid.statusCode()).isEqualTo(503);
    assertThat(server.requests())
        .extracting(RecordedRequest::authorized)
        .containsExactly(false, true);
  }

  @Test
  void faults_otherPaths_neverFaulted() {
    server.faults().next(Fault.status(503));

    HttpResponse<byte[]> other = Http.send(Http.authorized(server, "/v1/other/").build());
    HttpResponse<byte[]> list = Http.list(server, "");

    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(list.statusCode()).isEqualTo(503);
  }

  @Test
  void delay_onUnauthorizedRequest_delaysThe401() {
    server.faults().next(Fault.delay(Duration.ofMillis(50)));

    HttpResponse<byte[]> response = Http.send(Http.request(server, LIST).build());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(server.faults().injected()).isEqualTo(1);
  }

  @Test
  void random_sameSeedAndRequestOrder_sameFaults() {
    List<Integer> first = randomStatuses(99L);
    List<Integer> second = randomStatuses(99L);
    List<Integer> otherSeed = randomStatuses(100L);

    assertThat(first).isEqualTo(second);
    assertThat(first).contains(200).containsAnyOf(500, 503);
    assertThat(otherSeed).isNotEqualTo(first);
  }

  @Test
  void random_probabilityOne_everyRequestFaultedAfterQueuedOnes() {
    server.faults().random(1L, 1.0, Fault.status(500)).next(Fault.status(429, "1"));

    assertThat(Http.list(server, "").statusCode()).isEqualTo(429);
    assertThat(Http.list(server, "").statusCode()).isEqualTo(500);
    assertThat(Http.list(server, "").statusCode()).isEqualTo(500);
  }

  @Test
  void random_probabilityZero_nothingFaulted() {
    server.faults().random(1L, 0.0, Fault.status(500));

    for (int i = 0; i < 5; i++) {
      assertThat(Http.list(server, "").statusCode()).isEqualTo(200);
    }
    assertThat(server.faults().injected()).isZero();
  }

  @Test
  void random_everyKindUnderConcurrency_logAndCountsAgreeAndServerSurvives() {
    server
        .faults()
        .random(
            5L,
            0.7,
            Fault.status(503),
            Fault.rateLimited("1"),
            Fault.htmlError(502),
            Fault.delay(Duration.ofMillis(5)),
            Fault.resetBeforeHeaders(),
            Fault.resetAfterHeaders(),
            Fault.truncatedBody(),
            Fault.slowBody(Duration.ofMillis(2), 3),
            Fault.malformedBody());
    HttpClient client = Http.freshClient();

    List<CompletableFuture<?>> calls = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      calls.add(
          client
              .sendAsync(
                  Http.authorized(server, LIST + "?page=" + (1 + i % 4)).build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .handle((response, error) -> null));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    FaultPlan plan = server.faults();
    List<RecordedRequest> log = server.requests();

    assertThat(log).hasSizeGreaterThanOrEqualTo(80);
    assertThat(plan.injected()).isBetween(1, log.size() - 1);
    assertThat(plan.injectedByKind().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(plan.injected());
    assertThat(log.stream().filter(r -> r.status() == 0).count())
        .isEqualTo(plan.injectedByKind().getOrDefault("reset-before-headers", 0).longValue());
    assertThat(log.stream().filter(r -> r.status() == 429).count())
        .isEqualTo(plan.injectedByKind().getOrDefault("rate-limited", 0).longValue());
    plan.clear();
    assertThat(Http.page(Http.list(server, "page=4")).items())
        .isEqualTo(DATASET.keys().subList(30, 35));
  }

  @Test
  void clear_afterFaults_dropsQueuedRandomAndCounts() {
    server
        .faults()
        .next(Fault.status(500))
        .onPage(1, Fault.status(500))
        .random(1L, 1.0, Fault.status(500));
    Http.list(server, "page=3");

    server.faults().clear();

    assertThat(server.faults().injected()).isZero();
    assertThat(server.faults().injectedByKind()).isEmpty();
    assertThat(Http.list(server, "").statusCode()).isEqualTo(200);
  }

  @Test
  void kind_eachFactory_namesTheKind() {
    assertThat(
            List.of(
                Fault.status(503),
                Fault.status(504, "2"),
                Fault.rateLimited("60"),
                Fault.htmlError(502),
                Fault.delay(Duration.ZERO),
                Fault.resetBeforeHeaders(),
                Fault.resetAfterHeaders(),
                Fault.truncatedBody(),
                Fault.slowBody(Duration.ZERO, 1),
                Fault.malformedBody(),
                Fault.body(200, "text/plain", "")))
        .extracting(Fault::kind)
        .containsExactly(
            "status-503",
            "status-504",
            "rate-limited",
            "html-502",
            "delay",
            "reset-before-headers",
            "reset-after-headers",
            "truncated-body",
            "slow-body",
            "malformed-body",
            "body-200");
  }

  @Test
  void factories_invalidArguments_namedMessages() {
    assertThatThrownBy(() -> Fault.status(99))
        .hasMessage("status must be between 200 and 599, was: 99");
    assertThatThrownBy(() -> Fault.htmlError(600))
        .hasMessage("status must be between 200 and 599, was: 600");
    assertThatThrownBy(() -> Fault.rateLimited(" ")).hasMessage("retryAfter must not be blank");
    assertThatThrownBy(() -> Fault.delay(Duration.ofSeconds(-1)))
        .hasMessage("delay must not be negative, was: PT-1S");
    assertThatThrownBy(() -> Fault.slowBody(Duration.ZERO, 0))
        .hasMessage("chunks must be at least 1, was: 0");
    assertThatThrownBy(() -> server.faults().onPage(0, Fault.status(500)))
        .hasMessage("page must be at least 1, was: 0");
    assertThatThrownBy(() -> server.faults().random(1L, 1.5, Fault.status(500)))
        .hasMessage("probability must be between 0 and 1, was: 1.5");
    assertThatThrownBy(() -> server.faults().random(1L, 0.5)).hasMessage("kinds must not be empty");
    assertThatThrownBy(() -> server.faults().next(Fault.status(500), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("faults[1]");
  }

  private List<Integer> randomStatuses(long seed) {
    try (PolarTestServer s = PolarTestServer.start(DATASET)) {
      s.faults().random(seed, 0.4, Fault.status(500), Fault.status(503));
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        statuses.add(Http.list(s, "").statusCode());
      }
      assertThat(s.faults().injected()).isEqualTo(statuses.stream().filter(x -> x != 200).count());
      return statuses;
    }
  }

  private byte[] rawRequest() {
    return ("GET "
            + LIST
            + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
            + server.token()
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** What a client got from an answer cut short: the headers, the bytes, the failure. */
  private record Partial(HttpResponse<InputStream> response, byte[] received, Throwable failure) {}

  private Partial readPartially(HttpClient client) throws Exception {
    HttpResponse<InputStream> response =
        client.send(
            Http.authorized(server, LIST).build(), HttpResponse.BodyHandlers.ofInputStream());
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    Throwable failure = null;
    try (InputStream in = response.body()) {
      byte[] buffer = new byte[512];
      int n;
      while ((n = in.read(buffer)) != -1) {
        received.write(buffer, 0, n);
      }
    } catch (IOException e) {
      failure = e;
    }
    return new Partial(response, received.toByteArray(), failure);
  }
}
