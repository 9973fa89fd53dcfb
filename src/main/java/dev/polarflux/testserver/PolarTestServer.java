package dev.polarflux.testserver;

import dev.polarflux.model.LicenseKeyRead;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
 * An embedded HTTP server that answers Polar's twelve license-key operations ({@link Operation})
 * the way Polar does, from a {@link LicenseKeyDataset}, for tests of Polar clients. Runs on Reactor
 * Netty, blocks no thread, and logs every request.
 *
 * <pre>{@code
 * try (PolarTestServer server = PolarTestServer.start(LicenseKeyDataset.generate(25, 42L))) {
 *   server.faults().onPage(2, Fault.status(503));
 *   // list every key with a retrying client against server.baseUrl() and server.token(), then:
 *   assertThat(server.pagesRequested()).containsExactly(1, 2, 2, 3);
 * }
 * }</pre>
 *
 * <p>Every organisation of the dataset has an organization access token ({@link
 * #organizationToken}), every customer a session token ({@link #customerToken}); {@link #token()}
 * is the default customer's. Operations change the keys as Polar's do (validations, usage,
 * activations, updates), and later listings and reads show the change; the dataset itself stays as
 * generated.
 *
 * <p>What it answers, in order of precedence:
 *
 * <ul>
 *   <li>a {@link Fault} from {@link #faults()}, for a request of an {@link Operation};
 *   <li>with {@link Builder#rateLimit} or {@link Builder#keyOperationZone}, a {@code /v1} request
 *       over its identity's limit or of a blocked identity: 429 with an empty body and {@code
 *       retry-after}, as Polar's rate limiter answers;
 *   <li>{@code /v1/customer-portal/license-keys} or {@code /v1/license-keys} without the slash: 307
 *       to the slashed path with the same query, as FastAPI does;
 *   <li>a path of no operation: 404 {@code {"detail":"Not Found"}}; a method the path does not
 *       take: 405;
 *   <li>a {@code Polar-Version} other than {@code 2026-04} or {@code 2026-10}: 404;
 *   <li>except for the anonymous customer-portal {@code validate}, {@code activate} and {@code
 *       deactivate}: no Bearer credential, or a token of the wrong kind (a customer's on {@code
 *       /v1/license-keys/}, an organisation's on the customer portal): 401 {@code Unauthorized}; an
 *       unknown token: 401 {@code invalid_token}, both with {@code WWW-Authenticate};
 *   <li>an invalid query parameter, path id or body field: 422 with pydantic's error list;
 *   <li>a key out of the token's scope (another customer's, another organisation's) or a refusal of
 *       Polar's service: 404 {@code ResourceNotFound}, 403 {@code NotPermitted} or 400 {@code
 *       BadRequest} with Polar's detail;
 *   <li>otherwise the operation's answer. Lists: {@code limit} clamped to 100, {@code max_page =
 *       ceil(total_count / limit)} ({@code 0} without keys), pages past the end empty; the customer
 *       portal filters by {@code benefit_id} and ignores {@code organization_id}; the organisation
 *       list filters by repeated {@code organization_id}, {@code benefit_id} and {@code status},
 *       ORed within one filter, ANDed across, always within the token's organisation.
 * </ul>
 *
 * <p>The customer-portal {@code GET .../{id}} always answers {@code activations: []}: Polar lists
 * them there only for benefits that let customers manage activations, and the server models no such
 * benefit. The organisation {@code GET} lists them.
 *
 * <p>Answers echo {@code Polar-Version} ({@code 2026-04} when the request sent none), except
 * replacing faults, which stand for a proxy.
 */
public final class PolarTestServer implements AutoCloseable {

  /** The list path, with the trailing slash Polar requires. */
  static final String LIST_PATH = "/v1/customer-portal/license-keys/";

  private final LicenseKeyDataset dataset;
  private final String host;
  private final Tokens tokens;
  private final KeyStore store;
  private final Routes routes;
  private final Clock clock;
  private final Duration latency;
  private final RateLimits rateLimits;
  private final FaultPlan faults = new FaultPlan();
  private final List<RecordedRequest> log = new ArrayList<>();
  private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger connectionsOpened = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DisposableServer server;
  private final String baseUrl;

  private PolarTestServer(Builder b) {
    this.dataset = b.dataset;
    this.host = b.host;
    this.clock = b.clock;
    this.tokens = new Tokens(dataset, b.token);
    this.store = new KeyStore(dataset, clock);
    this.routes = new Routes(store, tokens, b.anyToken);
    this.latency = b.latency;
    this.rateLimits =
        new RateLimits(
            b.rateLimit == 0 ? null : new RateWindows(b.rateLimit, b.rateWindow),
            b.zoneRate == 0 ? null : new RateWindows(b.zoneRate, Duration.ofSeconds(1)),
            b.zoneBlock);
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
   * Returns the default customer's session token: the customer of {@link
   * LicenseKeyDataset#customerId()}, whose session lists every key of a {@link
   * LicenseKeyDataset#generate} or {@link LicenseKeyDataset#generateVaried} dataset.
   *
   * @return the token, {@code polar_cst_} and 43 characters unless the builder set another
   */
  public String token() {
    return tokens.customerToken(0);
  }

  /**
   * Returns the organisations of the dataset, each with an organization access token.
   *
   * @return the organisation ids, in the dataset's order
   */
  public List<UUID> organizations() {
    return dataset.organizationIds();
  }

  /**
   * Returns an organisation's organization access token, which lists and operates on that
   * organisation's keys under {@code /v1/license-keys/}.
   *
   * @param organizationId one of {@link #organizations()}
   * @return the token, {@code polar_oat_} and 43 characters
   * @throws IllegalArgumentException for an organisation not in the dataset
   */
  public String organizationToken(UUID organizationId) {
    int o = dataset.organizationIndex(Objects.requireNonNull(organizationId, "organizationId"));
    if (o < 0) {
      throw new IllegalArgumentException("organizationId is not in the dataset: " + organizationId);
    }
    return tokens.organizationToken(o);
  }

  /**
   * Returns a customer's session token, which lists that customer's keys in the customer portal.
   *
   * @param customerId one of {@link LicenseKeyDataset#customerIds()}
   * @return the token, {@code polar_cst_} and 43 characters ({@link #token()} for the default
   *     customer)
   * @throws IllegalArgumentException for a customer without a session in the dataset
   */
  public String customerToken(UUID customerId) {
    int c = dataset.customerIndex(Objects.requireNonNull(customerId, "customerId"));
    if (c < 0) {
      throw new IllegalArgumentException("customerId has no session in the dataset: " + customerId);
    }
    return tokens.customerToken(c);
  }

  /**
   * Returns a key as the server serves it now, with the changes operations made (validations,
   * usage, updates).
   *
   * @param id the key's id
   * @return the key, or empty for an unknown id
   */
  public Optional<LicenseKeyRead> key(UUID id) {
    int index = dataset.indexOfId(Objects.requireNonNull(id, "id"));
    return index < 0 ? Optional.empty() : Optional.of(store.current(index));
  }

  /**
   * Counts a key's active activations: those created and not deactivated.
   *
   * @param id the key's id
   * @return the count; 0 for an unknown id
   */
  public int activationCount(UUID id) {
    int index = dataset.indexOfId(Objects.requireNonNull(id, "id"));
    return index < 0 ? 0 : store.activations(index).size();
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
    String method = req.method().name();
    Operation operation = Operation.of(method, path).orElse(null);
    ListQuery query = ListQuery.parse(uri.parameters());
    // Polled on arrival, before the body is read: the order of requests is the order of faults.
    InjectedFault fault = faults.poll(operation, query.page());
    String remote =
        req.remoteAddress() == null ? "" : req.remoteAddress().getAddress().getHostAddress();
    Mono<byte[]> body =
        method.equals("GET") || method.equals("HEAD")
            ? Mono.just(new byte[0])
            : req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]);
    return body.flatMap(
        bytes -> {
          Routes.Call call =
              new Routes.Call(
                  method,
                  path,
                  uri.rawQuery(),
                  uri.parameters(),
                  req.requestHeaders().get("polar-version"),
                  req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION),
                  bytes);
          Reply reply = decide(call, operation, fault, remote);
          record(req, call, query, reply, fault);
          Mono<Void> answer =
              Mono.defer(
                  () -> {
                    answering.run();
                    return deliver(res, reply, fault);
                  });
          return latency.isZero() ? answer : Mono.delay(latency).then(answer);
        });
  }

  /**
   * The answer no fault replaces: Polar's 429 when a rate limit refuses the request, else the
   * routes' answer; {@code null} when a fault replaces the answer, and the request is not
   * processed.
   */
  private Reply decide(Routes.Call call, Operation operation, InjectedFault fault, String remote) {
    if (fault != null && !fault.processes()) {
      return null;
    }
    if (fault == null && !rateLimits.isOff() && call.path().startsWith("/v1/")) {
      Tokens.Principal principal =
          routes.principal(
              call.authorization(),
              operation != null && operation.family() == Operation.Family.ORGANIZATION);
      String identity = principal == null ? "ip:" + remote : principal.identity();
      boolean zone = operation != null && operation.isPortalKeyOperation();
      long wait = rateLimits.admit(identity, zone, clock.millis());
      if (wait > 0) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("retry-after", Long.toString(wait));
        return Reply.fixed(429, h, new byte[0]);
      }
    }
    return routes.route(call, baseUrl);
  }

  private void record(
      HttpServerRequest req, Routes.Call call, ListQuery query, Reply reply, InjectedFault fault) {
    int status;
    if (fault == null) {
      status = reply.status();
    } else {
      status =
          switch (fault.action()) {
            case REPLACE -> fault.status();
            case RESET_BEFORE_HEADERS, RESET_AFTER_PROCESSING -> 0;
            default -> reply.status();
          };
    }
    Map<String, List<String>> logged = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : req.requestHeaders()) {
      logged.computeIfAbsent(h.getKey(), k -> new ArrayList<>()).add(h.getValue());
    }
    String credentials = Routes.bearerCredentials(call.authorization());
    boolean authorized =
        credentials != null
            && routes.principal(call.authorization(), call.path().startsWith("/v1/license-keys"))
                != null;
    RecordedRequest recorded =
        new RecordedRequest(
            call.method(),
            call.path(),
            call.rawQuery(),
            query.page(),
            query.limit(),
            authorized,
            status,
            call.version(),
            logged,
            clock.instant());
    synchronized (log) {
      log.add(recorded);
    }
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
      case RESET_BEFORE_HEADERS, RESET_AFTER_PROCESSING -> close(channel(res), true);
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

  /** Configures and starts a {@link PolarTestServer}. Not thread-safe. */
  public static final class Builder {

    private LicenseKeyDataset dataset;
    private String host = "127.0.0.1";
    private int port;
    private String token;
    private Duration latency = Duration.ZERO;
    private int rateLimit;
    private Duration rateWindow;
    private int zoneRate;
    private Duration zoneBlock;
    private boolean anyToken;
    private Clock clock = Clock.systemUTC();

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
     * Sets the default customer's session token, {@link PolarTestServer#token()}. Default: a random
     * {@code polar_cst_} token of 53 characters. Every other customer and every organisation gets a
     * random token.
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
     * each carry their own session token: a token the server did not issue stands for the default
     * customer (on {@code /v1/license-keys/} paths, the default organisation), every such token
     * seeing the same keys but counted as an identity of its own by the rate limits. The tokens the
     * server issued keep their meaning. Default: {@code false}, only issued tokens are accepted.
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
     * Limits every {@code /v1} request as Polar does: at most {@code requests} per identity in each
     * fixed window (windows aligned to the epoch on the {@linkplain #clock clock}), the others
     * answered 429 with an empty body and {@code retry-after} set to the seconds until the window
     * ends. The identity is the customer of a customer token, the organisation of an organization
     * token, and the remote IP address of a request without a valid token. Polar allows 500 a
     * minute in production. Faulted requests are not counted. Default: no limit.
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
     * Turns on the zone of Polar's customer-portal key operations ({@code POST
     * /v1/customer-portal/license-keys/validate}, {@code activate} and {@code deactivate}): at most
     * {@code requestsPerSecond} of them per identity in each second; the one over blocks that
     * identity's every {@code /v1} request for {@code block}, each answered 429 with an empty body
     * and {@code retry-after} set to the seconds left. Identities are those of {@link #rateLimit};
     * these operations take no token, so their callers are usually told apart by IP address. Polar:
     * 3 a second, blocked for 60 seconds. Default: off.
     *
     * @param requestsPerSecond 1 or more, or 0 for off
     * @param block how long an overrun blocks, at least one second
     * @return this builder
     */
    public Builder keyOperationZone(int requestsPerSecond, Duration block) {
      if (requestsPerSecond < 0) {
        throw new IllegalArgumentException(
            "requestsPerSecond must not be negative, was: " + requestsPerSecond);
      }
      if (block == null || block.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("block must be at least 1s, was: " + block);
      }
      this.zoneRate = requestsPerSecond;
      this.zoneBlock = block;
      return this;
    }

    /**
     * Sets the clock of the rate limits, of key expiry and of the timestamps operations write
     * ({@code last_validated_at}, {@code modified_at}, an activation's {@code created_at}), so a
     * test can move time. Default: {@link Clock#systemUTC()}.
     *
     * @param clock the clock; not {@code null}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
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
