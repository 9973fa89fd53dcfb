package dev.polarflux.testserver;

import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An embedded HTTP server that answers {@code GET /v1/customer-portal/license-keys/} the way Polar
 * does, from a {@link LicenseKeyDataset}, for tests of Polar clients. Runs on Reactor Netty, blocks
 * no thread, and logs every request.
 *
 * <pre>{@code
 * try (PolarTestServer server = PolarTestServer.start(LicenseKeyDataset.generate(25, 42L))) {
 *   server.faults().onPage(2, Fault.status(503));
 *   // list every key with a retrying client against server.baseUrl() and server.token(), then:
 *   assertThat(server.pagesRequested()).containsExactly(1, 2, 2, 3);
 * }
 * }</pre>
 *
 * <p>What it answers, in order of precedence:
 *
 * <ul>
 *   <li>a {@link Fault} from {@link #faults()}, for any request to the list path;
 *   <li>with {@link Builder#rateLimit(int, Duration)}, a request to the list path over its token's
 *       limit: 429 with an empty body and {@code retry-after}, as Polar's rate limiter answers;
 *   <li>{@code /v1/customer-portal/license-keys} without the slash: 307 to the slashed path with
 *       the same query, as FastAPI does;
 *   <li>any other path: 404 {@code {"detail":"Not Found"}}; a method other than {@code GET}: 405;
 *   <li>a {@code Polar-Version} other than {@code 2026-04} or {@code 2026-10}: 404;
 *   <li>no Bearer credential: 401 {@code Unauthorized}; a wrong token: 401 {@code invalid_token},
 *       both with {@code WWW-Authenticate};
 *   <li>an invalid {@code page}, {@code limit} or {@code benefit_id}: 422 with pydantic's error
 *       list;
 *   <li>otherwise 200 with the page: {@code limit} clamped to 100, {@code max_page =
 *       ceil(total_count / limit)} ({@code 0} without keys), pages past the end empty, {@code
 *       benefit_id} filtering, {@code organization_id} accepted and ignored.
 * </ul>
 *
 * <p>Answers echo {@code Polar-Version} ({@code 2026-04} when the request sent none), except
 * replacing faults, which stand for a proxy.
 */
public final class PolarTestServer implements AutoCloseable {

  /** The list path, with the trailing slash Polar requires. */
  static final String LIST_PATH = "/v1/customer-portal/license-keys/";

  private static final String LIST_PATH_NO_SLASH = "/v1/customer-portal/license-keys";
  private static final String DEFAULT_VERSION = "2026-04";
  private static final Set<String> VERSIONS = Set.of("2026-04", "2026-10");
  private static final String NOT_FOUND = "{\"detail\":\"Not Found\"}";
  private static final String UNAUTHORIZED =
      "{\"error\":\"Unauthorized\",\"detail\":\"Unauthorized\"}";
  private static final String INVALID_TOKEN_DESCRIPTION =
      "The access token provided is expired, revoked, malformed, or invalid for other reasons.";
  private static final String INVALID_TOKEN =
      "{\"error\":\"invalid_token\",\"error_description\":\"" + INVALID_TOKEN_DESCRIPTION + "\"}";

  private final LicenseKeyDataset dataset;
  private final String host;
  private final String token;
  private final byte[] tokenBytes;
  private final Duration latency;
  private final RateWindows rateWindows;
  private final FaultPlan faults = new FaultPlan();
  private final List<RecordedRequest> log = new ArrayList<>();
  private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
  private final boolean anyToken;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger connectionsOpened = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DisposableServer server;
  private final String baseUrl;

  private PolarTestServer(Builder b) {
    this.dataset = b.dataset;
    this.host = b.host;
    this.token = b.token != null ? b.token : newToken();
    this.tokenBytes = token.getBytes(StandardCharsets.UTF_8);
    this.latency = b.latency;
    this.rateWindows = b.rateLimit == 0 ? null : new RateWindows(b.rateLimit, b.rateWindow);
    this.anyToken = b.anyToken;
    this.server =
        HttpServer.create()
            .host(host)
            .port(b.port)
            .doOnConnection(
                c -> {
                  Channel ch = c.channel();
                  // Called for every request of a kept-alive connection: count the channel once.
                  if (connections.add(ch)) {
                    connectionsOpened.incrementAndGet();
                    ch.closeFuture().addListener(f -> connections.remove(ch));
                  }
                })
            .handle(this::handle)
            .bindNow();
    this.baseUrl = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port();
  }

  /**
   * Returns a builder for a server with non-default settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a server for a dataset on {@code 127.0.0.1}, on a free port, with a generated token and
   * no latency.
   *
   * @param dataset the keys to serve; not {@code null}
   * @return the running server
   */
  public static PolarTestServer start(LicenseKeyDataset dataset) {
    return builder().dataset(dataset).build();
  }

  /**
   * Returns the server's base URL, to which a client appends {@code /v1/...}.
   *
   * @return {@code http://<host>:<port>}, without a trailing slash
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Returns the one customer session token the server accepts.
   *
   * @return the token, {@code polar_cst_} and 43 characters unless the builder set another
   */
  public String token() {
    return token;
  }

  /**
   * Returns the request log: every request received, faulted and rejected ones included, in arrival
   * order. A request is logged when it arrives, with the status decided for it, so it is in the log
   * before its answer is sent.
   *
   * @return an immutable snapshot
   */
  public List<RecordedRequest> requests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /**
   * Counts the logged requests.
   *
   * @return the count
   */
  public int requestCount() {
    synchronized (log) {
      return log.size();
    }
  }

  /**
   * Returns the page numbers of the logged requests to the list path, in arrival order; requests
   * whose {@code page} is not an integer are left out.
   *
   * @return an immutable snapshot
   */
  public List<Integer> pagesRequested() {
    List<Integer> pages = new ArrayList<>();
    for (RecordedRequest r : requests()) {
      if (r.path().equals(LIST_PATH) && r.page() != null) {
        pages.add(r.page());
      }
    }
    return List.copyOf(pages);
  }

  /** Empties the request log and resets {@link #maxConcurrentRequests()}. */
  public void clearRequests() {
    synchronized (log) {
      log.clear();
    }
    maxInFlight.set(inFlight.get());
  }

  /**
   * Returns the most requests the server was answering at once (received, answer not yet begun)
   * since it started or since {@link #clearRequests()}: how far a client's requests overlap. A
   * request stops counting when its answer starts to be written, so a client that sends its next
   * request the moment the last answer arrives is never counted twice.
   *
   * @return the largest number of requests in flight at the same time
   */
  public int maxConcurrentRequests() {
    return maxInFlight.get();
  }

  /**
   * Returns how many connections clients opened to the server since it started.
   *
   * @return the count of accepted connections
   */
  public int connectionsOpened() {
    return connectionsOpened.get();
  }

  /**
   * Returns the dataset the server serves.
   *
   * @return the dataset
   */
  public LicenseKeyDataset dataset() {
    return dataset;
  }

  /**
   * Returns the server's fault plan, to inject faults into the next requests.
   *
   * @return the plan, the same instance for the server's life
   */
  public FaultPlan faults() {
    return faults;
  }

  /**
   * Stops the server now: closes the listening socket and every open connection, waiting up to 5
   * seconds. Idempotent: only the first call closes anything, so a server closed early (by {@code
   * dev.polarflux.spring.PolarLifecycle}, before Reactor Netty's event loops stop) may be closed
   * again by whoever owns it.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    // Stop accepting first, so that a client retrying a cut request cannot get in again.
    server.channel().close().syncUninterruptibly();
    for (Channel ch : connections) {
      ch.close();
    }
    server.disposeNow(Duration.ofSeconds(5));
  }

  @Override
  public String toString() {
    return "PolarTestServer[" + baseUrl + ", " + dataset + "]";
  }

  private Mono<Void> handle(HttpServerRequest req, HttpServerResponse res) {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    AtomicBoolean counted = new AtomicBoolean(true);
    Runnable answered =
        () -> {
          if (counted.compareAndSet(true, false)) {
            inFlight.decrementAndGet();
          }
        };
    return answer(req, res, answered).doFinally(signal -> answered.run());
  }

  private Mono<Void> answer(HttpServerRequest req, HttpServerResponse res, Runnable answering) {
    QueryStringDecoder uri = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8, true);
    String path = uri.rawPath();
    HttpHeaders headers = req.requestHeaders();
    String version = headers.get("polar-version");
    boolean authorized = isValidToken(headers.get(HttpHeaderNames.AUTHORIZATION));
    ListQuery query = ListQuery.parse(uri.parameters());
    InjectedFault fault = path.equals(LIST_PATH) ? faults.poll(query.page()) : null;
    Reply reply =
        fault == null ? overLimit(path, headers.get(HttpHeaderNames.AUTHORIZATION)) : null;
    if (reply == null) {
      reply = route(req.method().name(), path, uri.rawQuery(), version, headers, query);
    }
    int status = reply.status();
    if (fault != null && fault.action() == InjectedFault.Action.REPLACE) {
      status = fault.status();
    } else if (fault != null && fault.action() == InjectedFault.Action.RESET_BEFORE_HEADERS) {
      status = 0;
    }
    Map<String, List<String>> logged = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : headers) {
      logged.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
    }
    RecordedRequest recorded =
        new RecordedRequest(
            req.method().name(),
            path,
            uri.rawQuery(),
            query.page(),
            query.limit(),
            authorized,
            status,
            version,
            logged);
    synchronized (log) {
      log.add(recorded);
    }
    Reply answered = reply;
    Mono<Void> answer =
        Mono.defer(
            () -> {
              answering.run();
              return deliver(res, answered, fault);
            });
    return latency.isZero() ? answer : Mono.delay(latency).then(answer);
  }

  /** Polar's 429 when the rate limit is on and the request's token is over it, else null. */
  private Reply overLimit(String path, String authorization) {
    if (rateWindows == null || !path.equals(LIST_PATH)) {
      return null;
    }
    long wait =
        rateWindows.admit(authorization == null ? "" : authorization, System.currentTimeMillis());
    if (wait == 0) {
      return null;
    }
    Map<String, String> h = new LinkedHashMap<>();
    h.put("retry-after", Long.toString(wait));
    return Reply.fixed(429, h, new byte[0]);
  }

  private Reply route(
      String method,
      String path,
      String rawQuery,
      String version,
      HttpHeaders headers,
      ListQuery query) {
    String echo = version == null ? DEFAULT_VERSION : version;
    if (path.equals(LIST_PATH_NO_SLASH)) {
      String location = baseUrl + LIST_PATH + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
      Map<String, String> h = new LinkedHashMap<>();
      h.put("content-length", "0");
      h.put("location", location);
      return Reply.fixed(307, h, new byte[0]);
    }
    if (!path.equals(LIST_PATH)) {
      return Reply.json(404, NOT_FOUND, Map.of());
    }
    if (!method.equals("GET")) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("allow", "GET");
      h.put("polar-version", echo);
      return Reply.json(405, "{\"detail\":\"Method Not Allowed\"}", h);
    }
    if (version != null && !VERSIONS.contains(version)) {
      return Reply.json(404, NOT_FOUND, Map.of());
    }
    String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
    String credentials = bearerCredentials(authorization);
    if (credentials == null) {
      return Reply.json(
          401,
          UNAUTHORIZED,
          Map.of("www-authenticate", "Bearer realm=\"polar\"", "polar-version", echo));
    }
    if (!isValidToken(authorization)) {
      return Reply.json(
          401,
          INVALID_TOKEN,
          Map.of(
              "www-authenticate",
              "Bearer realm=\"polar\", error=\"invalid_token\", error_description=\""
                  + INVALID_TOKEN_DESCRIPTION
                  + "\"",
              "polar-version",
              echo));
    }
    if (!query.errors().isEmpty()) {
      return Reply.json(422, validationBody(query.errors()), Map.of("polar-version", echo));
    }
    List<LicenseKeyRead> all =
        query.benefitId() == null ? dataset.keys() : dataset.keysOf(query.benefitId());
    int limit = query.effectiveLimit();
    int total = all.size();
    int maxPage = (int) (((long) total + limit - 1) / limit);
    long from = (long) (query.page() - 1) * limit;
    List<LicenseKeyRead> items =
        from >= total ? List.of() : all.subList((int) from, (int) Math.min(total, from + limit));
    return Reply.page(items, new Pagination(total, maxPage), echo);
  }

  private static String validationBody(List<ListQuery.Problem> problems) {
    return Reply.writeJson(
        g -> {
          g.writeStartObject();
          g.writeStringField("error", "RequestValidationError");
          g.writeArrayFieldStart("detail");
          for (ListQuery.Problem p : problems) {
            g.writeStartObject();
            g.writeStringField("type", p.type());
            g.writeArrayFieldStart("loc");
            g.writeString("query");
            g.writeString(p.parameter());
            g.writeEndArray();
            g.writeStringField("msg", p.message());
            g.writeStringField("input", p.input());
            if (p.ctxName() != null) {
              g.writeObjectFieldStart("ctx");
              if (p.ctxValue() instanceof Integer i) {
                g.writeNumberField(p.ctxName(), i);
              } else {
                g.writeStringField(p.ctxName(), String.valueOf(p.ctxValue()));
              }
              g.writeEndObject();
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /** The credentials of a Bearer authorization (scheme case-insensitive), or null. */
  private static String bearerCredentials(String authorization) {
    if (authorization == null) {
      return null;
    }
    int space = authorization.indexOf(' ');
    if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase("bearer")) {
      return null;
    }
    String credentials = authorization.substring(space + 1).strip();
    return credentials.isEmpty() ? null : credentials;
  }

  private boolean isValidToken(String authorization) {
    String credentials = bearerCredentials(authorization);
    if (anyToken) {
      return credentials != null;
    }
    // Constant-time, like a real token check: tests of timing-sensitive clients stay honest.
    return credentials != null
        && MessageDigest.isEqual(credentials.getBytes(StandardCharsets.UTF_8), tokenBytes);
  }

  private Mono<Void> deliver(HttpServerResponse res, Reply reply, InjectedFault fault) {
    if (fault == null) {
      return send(res, reply);
    }
    return switch (fault.action()) {
      case REPLACE -> {
        Map<String, String> h = new LinkedHashMap<>();
        if (fault.contentType() != null) {
          h.put("content-type", fault.contentType());
        }
        if (fault.retryAfter() != null) {
          h.put("retry-after", fault.retryAfter());
        }
        yield send(res, Reply.fixed(fault.status(), h, fault.body()));
      }
      case DELAY -> Mono.delay(fault.duration()).then(Mono.defer(() -> send(res, reply)));
      case RESET_BEFORE_HEADERS -> close(channel(res), true);
      case PARTIAL_BODY -> partial(res, reply, fault.parts());
      case SLOW_BODY -> slow(res, reply, fault.duration(), fault.parts());
    };
  }

  private static void head(HttpServerResponse res, Reply reply) {
    res.status(reply.status());
    reply.headers().forEach(res::header);
  }

  private static Mono<Void> send(HttpServerResponse res, Reply reply) {
    head(res, reply);
    if (reply.body() != null && reply.body().length == 0) {
      res.header(HttpHeaderNames.CONTENT_LENGTH, "0");
      return res.send();
    }
    return res.sendObject(reply.encode(res.alloc())).then();
  }

  /** Sends the full Content-Length but only {@code 1/divisor} of the body, then closes. */
  private static Mono<Void> partial(HttpServerResponse res, Reply reply, int divisor) {
    Channel channel = channel(res);
    head(res, reply);
    ByteBuf buf = reply.encode(res.alloc());
    int full = buf.readableBytes();
    buf.writerIndex(buf.readerIndex() + full / divisor);
    res.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(full));
    return res.sendObject(buf).then().then(close(channel, false));
  }

  /** Sends the body chunked, each chunk after a delay on Reactor's timer. */
  private static Mono<Void> slow(HttpServerResponse res, Reply reply, Duration perChunk, int n) {
    head(res, reply);
    byte[] bytes = reply.bytes(res.alloc());
    res.responseHeaders().remove(HttpHeaderNames.CONTENT_LENGTH);
    res.header(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    Flux<ByteBuf> chunks =
        Flux.range(0, n)
            .concatMap(
                i -> {
                  int from = (int) ((long) bytes.length * i / n);
                  int to = (int) ((long) bytes.length * (i + 1) / n);
                  return Mono.delay(perChunk)
                      .map(t -> res.alloc().buffer(to - from).writeBytes(bytes, from, to - from));
                });
    return res.send(chunks, b -> true).then();
  }

  /**
   * Closes the connection; with {@code reset}, with SO_LINGER 0, so the peer gets a TCP RST rather
   * than an orderly FIN.
   */
  private static Mono<Void> close(Channel channel, boolean reset) {
    return Mono.create(
        sink -> {
          if (reset) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
          }
          channel.close().addListener(f -> sink.success());
        });
  }

  /**
   * The connection's channel, taken before anything is sent: once a response is complete, Reactor
   * Netty no longer hands it out.
   */
  private static Channel channel(HttpServerResponse res) {
    Channel[] channel = new Channel[1];
    res.withConnection(c -> channel[0] = c.channel());
    return channel[0];
  }

  private static String newToken() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return "polar_cst_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** Configures and starts a {@link PolarTestServer}. Not thread-safe. */
  public static final class Builder {

    private LicenseKeyDataset dataset;
    private String host = "127.0.0.1";
    private int port;
    private String token;
    private Duration latency = Duration.ZERO;
    private int rateLimit;
    private Duration rateWindow;
    private boolean anyToken;

    private Builder() {}

    /**
     * Sets the keys to serve. Required.
     *
     * @param dataset the dataset; not {@code null}
     * @return this builder
     */
    public Builder dataset(LicenseKeyDataset dataset) {
      this.dataset = Objects.requireNonNull(dataset, "dataset");
      return this;
    }

    /**
     * Sets the address to bind. Default: {@code 127.0.0.1}.
     *
     * @param host a host name or IP address; not blank
     * @return this builder
     */
    public Builder host(String host) {
      this.host = InjectedFault.requireText(host, "host");
      return this;
    }

    /**
     * Sets the port to bind. Default: {@code 0}, a free port chosen by the system.
     *
     * @param port between 0 and 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, was: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets the one token the server accepts. Default: a random {@code polar_cst_} token of 53
     * characters.
     *
     * @param token the token; not blank, no whitespace or control characters
     * @return this builder
     */
    public Builder token(String token) {
      InjectedFault.requireText(token, "token");
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        if (c <= ' ' || c == 0x7f) {
          throw new IllegalArgumentException(
              "token must not contain whitespace or control characters");
        }
      }
      this.token = token;
      return this;
    }

    /**
     * Makes the server accept any Bearer token, as one server for many customers whose listings
     * each carry their own session token; every customer sees the same dataset. Default: {@code
     * false}, only {@link PolarTestServer#token()} is accepted.
     *
     * @param anyToken whether any Bearer token is accepted
     * @return this builder
     */
    public Builder acceptAnyToken(boolean anyToken) {
      this.anyToken = anyToken;
      return this;
    }

    /**
     * Sets a fixed delay before every answer, faulted ones included; it runs on Reactor's timer.
     * Default: none.
     *
     * @param latency the delay; not negative
     * @return this builder
     */
    public Builder latency(Duration latency) {
      this.latency = InjectedFault.requireNotNegative(latency, "latency");
      return this;
    }

    /**
     * Limits the requests to the list path as Polar does: at most {@code requests} per token in
     * each fixed window (windows aligned to the epoch on the system clock), the others answered 429
     * with an empty body and {@code retry-after} set to the seconds until the window ends. Polar
     * allows 500 a minute in production. Faulted requests are not counted. Default: no limit.
     *
     * @param requests 1 or more per window, or 0 for no limit
     * @param window the window, at least one second
     * @return this builder
     */
    public Builder rateLimit(int requests, Duration window) {
      if (requests < 0) {
        throw new IllegalArgumentException("requests must not be negative, was: " + requests);
      }
      if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("window must be at least 1s, was: " + window);
      }
      this.rateLimit = requests;
      this.rateWindow = window;
      return this;
    }

    /**
     * Starts the server.
     *
     * @return the running server
     * @throws IllegalStateException when no dataset was set
     */
    public PolarTestServer build() {
      if (dataset == null) {
        throw new IllegalStateException("dataset must be set");
      }
      return new PolarTestServer(this);
    }
  }
}
