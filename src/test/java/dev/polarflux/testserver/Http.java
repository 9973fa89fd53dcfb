package dev.polarflux.testserver;

import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.internal.PageBody;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** Requests to a {@link PolarTestServer} with the JDK's HTTP client, independent of polarflux's. */
final class Http {

  static final String LIST = "/v1/customer-portal/license-keys/";

  /** Shared by tests whose connections stay healthy; reset tests use {@link #freshClient()}. */
  static final HttpClient CLIENT = freshClient();

  private Http() {}

  /**
   * A client of its own: the JDK client silently retries a GET once when a pooled connection turns
   * out closed, which would blur the request counts of reset tests.
   */
  static HttpClient freshClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  static HttpRequest.Builder request(PolarTestServer server, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
        .timeout(Duration.ofSeconds(10));
  }

  static HttpRequest.Builder authorized(PolarTestServer server, String pathAndQuery) {
    return request(server, pathAndQuery).header("Authorization", "Bearer " + server.token());
  }

  /** An authorized GET of the list path with the given query (without {@code ?}). */
  static HttpResponse<byte[]> list(PolarTestServer server, String query) {
    return send(authorized(server, LIST + (query.isEmpty() ? "" : "?" + query)).build());
  }

  static HttpResponse<byte[]> send(HttpRequest request) {
    return send(CLIENT, request);
  }

  static HttpResponse<byte[]> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits, polling on Reactor's timer, until the server logged at least {@code n} requests. */
  static void awaitRequests(PolarTestServer server, int n) {
    Mono.fromSupplier(server::requestCount)
        .filter(count -> count >= n)
        .repeatWhenEmpty(repeat -> repeat.delayElements(Duration.ofMillis(5)))
        .block(Duration.ofSeconds(5));
  }

  /** Decodes a list response with polarflux's codec. */
  static PageBody page(HttpResponse<byte[]> response) {
    try {
      return LicenseKeyCodec.readPage(new ByteArrayInputStream(response.body()), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
