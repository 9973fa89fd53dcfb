package dev.polarflux.testserver;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request as {@link PolarTestServer} received it, with the status it answered.
 *
 * @param method the HTTP method, such as {@code GET}
 * @param path the raw path, without the query
 * @param rawQuery the raw (still percent-encoded) query string without {@code ?}; empty when there
 *     is none
 * @param page the {@code page} the server read: the last {@code page} parameter, {@code 1} when
 *     there is none, {@code null} when it is not an integer; values beyond {@code int} saturate
 * @param limit the {@code limit} the server read, before clamping to 100: the last {@code limit}
 *     parameter, {@code 10} when there is none, {@code null} when it is not an integer
 * @param authorized whether the request carried, as a Bearer credential, a token the server accepts
 *     for that path
 * @param status the status the server answered with; {@code 0} when it reset the connection without
 *     an answer. For faults that cut a body short it is the status that was sent.
 * @param polarVersion the {@code Polar-Version} header; {@code null} when absent
 * @param headers the request headers, names lower-cased, in arrival order; the {@code
 *     Authorization} value is replaced by {@code "<redacted>"}
 * @param at when the server decided the answer (and counted the request against its rate limits),
 *     on the server's clock
 */
public record RecordedRequest(
    String method,
    String path,
    String rawQuery,
    Integer page,
    Integer limit,
    boolean authorized,
    int status,
    String polarVersion,
    Map<String, List<String>> headers,
    Instant at) {

  /** The value that replaces the {@code Authorization} header's. */
  public static final String REDACTED = "<redacted>";

  /**
   * Checks the required components and freezes the headers, lower-casing their names.
   *
   * @param method the HTTP method, such as {@code GET}
   * @param path the raw path, without the query
   * @param rawQuery the raw (still percent-encoded) query string without {@code ?}; empty when
   *     there is none
   * @param page the {@code page} the server read: the last {@code page} parameter, {@code 1} when
   *     there is none, {@code null} when it is not an integer; values beyond {@code int} saturate
   * @param limit the {@code limit} the server read, before clamping to 100: the last {@code limit}
   *     parameter, {@code 10} when there is none, {@code null} when it is not an integer
   * @param authorized whether the request carried the server's token as a Bearer credential
   * @param status the status the server answered with; {@code 0} when it reset the connection
   *     without an answer. For faults that cut a body short it is the status that was sent.
   * @param polarVersion the {@code Polar-Version} header; {@code null} when absent
   * @param headers the request headers, names lower-cased, in arrival order; the {@code
   *     Authorization} value is replaced by {@code "<redacted>"}
   * @param at when the server decided the answer, on the server's clock
   */
  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rawQuery, "rawQuery");
    Objects.requireNonNull(headers, "headers");
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> {
          String key = name.toLowerCase(Locale.ROOT);
          List<String> list = copy.computeIfAbsent(key, k -> new ArrayList<>());
          for (String value : values) {
            list.add(key.equals("authorization") ? REDACTED : value);
          }
        });
    copy.replaceAll((name, values) -> List.copyOf(values));
    headers = Collections.unmodifiableMap(copy);
  }

  /**
   * Returns the decoded values of a query parameter, in order.
   *
   * @param name the parameter name, such as {@code organization_id}
   * @return the values; empty when the parameter is absent
   */
  public List<String> queryParameter(String name) {
    Objects.requireNonNull(name, "name");
    if (rawQuery.isEmpty()) {
      return List.of();
    }
    List<String> values =
        new QueryStringDecoder(rawQuery, StandardCharsets.UTF_8, false).parameters().get(name);
    return values == null ? List.of() : List.copyOf(values);
  }

  /**
   * Returns the operation the request asked for, read from its method and path.
   *
   * @return the operation; empty for a path or method no operation has
   */
  public Optional<Operation> operation() {
    return Operation.of(method, path);
  }

  /**
   * Returns the values of a request header.
   *
   * @param name the header name, in any case
   * @return the values; empty when the header is absent
   */
  public List<String> header(String name) {
    Objects.requireNonNull(name, "name");
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }
}
