package dev.polarflux.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polarflux.model.LicenseKeyRead;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Consumer;

/**
 * The pager a user writes without polarflux: {@code java.net.http.HttpClient} and a databind {@code
 * ObjectMapper} into the same records, one page after another until {@code max_page}. It is given
 * its best case: HTTP/1.1 (no h2c upgrade attempt against a plain-HTTP server), one reused client,
 * no retries.
 */
final class BaselinePager {

  private static final String PATH = "/v1/customer-portal/license-keys/";

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper mapper = Pages.userMapper();
  private final String baseUrl;
  private final String authorization;
  private final int limit;

  BaselinePager(String baseUrl, String token, int limit) {
    this.baseUrl = baseUrl;
    this.authorization = "Bearer " + token;
    this.limit = limit;
  }

  /** Lists every key, handing each to {@code sink}; returns how many there were. */
  long listAll(Consumer<LicenseKeyRead> sink) throws IOException, InterruptedException {
    long count = 0;
    int maxPage = 1;
    for (int page = 1; page <= maxPage; page++) {
      Pages.Page body = fetch(page);
      for (LicenseKeyRead key : body.items()) {
        sink.accept(key);
        count++;
      }
      maxPage = body.pagination().maxPage();
    }
    return count;
  }

  /** The first key of the listing, as soon as this pager can give it: after page 1's whole body. */
  LicenseKeyRead first() throws IOException, InterruptedException {
    return fetch(1).items().get(0);
  }

  private Pages.Page fetch(int page) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + PATH + "?page=" + page + "&limit=" + limit))
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("page " + page + ": status " + response.statusCode());
    }
    return mapper.readValue(response.body(), Pages.Page.class);
  }
}
