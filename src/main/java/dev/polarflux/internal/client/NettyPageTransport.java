package dev.polarflux.internal.client;

import dev.polarflux.LicenseKeyQuery;
import dev.polarflux.ListingQuery;
import dev.polarflux.OrganizationKeyQuery;
import dev.polarflux.PolarDecodingException;
import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.internal.PageBody;
import dev.polarflux.internal.StreamingPageDecoder;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.LicenseKeyStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.AttributeKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.PrematureCloseException;
import reactor.util.context.Context;

/**
 * The Reactor Netty transport: one non-blocking {@code GET} per page over a pooled connection, the
 * body aggregated as a composite of the network buffers (no copy) up to a size cap and decoded
 * straight from them.
 */
public final class NettyPageTransport implements PageTransport {

  static final String PATH = "/v1/customer-portal/license-keys/";
  static final String ORGANIZATION_PATH = "/v1/license-keys/";
  private static final int ERROR_BODY_CAP = 64 * 1024;

  /** Marks a channel that carried a request, so that the next request knows it reuses it. */
  private static final AttributeKey<Boolean> USED = AttributeKey.valueOf("polarflux.used");

  private final SharedResources shared;
  private final HttpClient http;
  private final String baseUrl;
  private final String polarVersion;
  private final String userAgent;
  private final int maxBodySize;

  /** The client's clock, for an HTTP-date {@code Retry-After}. */
  private final Scheduler clock;

  NettyPageTransport(
      SharedResources shared,
      HttpClient http,
      String baseUrl,
      String polarVersion,
      String userAgent,
      int maxBodySize,
      Scheduler clock) {
    this.clock = clock;
    this.shared = shared;
    this.http = http;
    this.baseUrl = baseUrl;
    this.polarVersion = polarVersion;
    this.userAgent = userAgent;
    this.maxBodySize = maxBodySize;
  }

  /** The transport of a client: an {@link HttpClient} over the client's shared connection pool. */
  public static NettyPageTransport create(SharedResources shared, ClientSettings settings) {
    HttpClient http =
        HttpClient.create(shared.provider())
            .disableRetry(true)
            .doOnRequest(NettyPageTransport::onRequest)
            .doAfterRequest(NettyPageTransport::afterRequest)
            .followRedirect(false)
            .compress(true)
            .doOnChannelInit((observer, channel, address) -> MalformedResponses.install(channel))
            .metrics(settings.metrics, NettyPageTransport::uriTag)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout.toMillis()));
    return new NettyPageTransport(
        shared,
        http,
        settings.baseUrl,
        settings.polarVersion,
        settings.userAgent,
        settings.maxBodySize,
        settings.scheduler != null ? settings.scheduler : Schedulers.parallel());
  }

  @Override
  public Mono<PageBody> fetch(ListingQuery query, int page, String token) {
    return fetch(query, page, token, new Exchange());
  }

  @Override
  public Flux<PageEvent> stream(ListingQuery query, int page, String token) {
    return stream(query, page, token, new Exchange());
  }

  @Override
  public Mono<PageBody> fetch(ListingQuery query, int page, String token, Exchange exchange) {
    if (shared.closed()) {
      return Mono.error(ExceptionFactory.closed(page));
    }
    return request(query, page, token)
        .response((response, body) -> handle(response, body, query, page, token, exchange))
        .single()
        .onErrorMap(NettyPageTransport::classified)
        .onErrorMap(e -> waitedTooLong(e, page, exchange))
        .contextWrite(Context.of(Exchange.class, exchange));
  }

  @Override
  public Flux<PageEvent> stream(ListingQuery query, int page, String token, Exchange exchange) {
    if (shared.closed()) {
      return Flux.error(ExceptionFactory.closed(page));
    }
    return request(query, page, token)
        .response((response, body) -> handleStreaming(response, body, page, token, exchange))
        .onErrorMap(NettyPageTransport::classified)
        .onErrorMap(e -> waitedTooLong(e, page, exchange))
        .contextWrite(Context.of(Exchange.class, exchange));
  }

  @Override
  public Mono<Answer> send(Site site, Call call, String token, Exchange exchange) {
    if (shared.closed()) {
      return Mono.error(ExceptionFactory.closed(site));
    }
    HttpClient.RequestSender sender =
        headers(token, call.body() != null)
            .request(HttpMethod.valueOf(call.method()))
            .uri(baseUrl + call.path());
    HttpClient.ResponseReceiver<?> receiver =
        call.body() == null
            ? sender
            : sender.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(call.body())));
    return receiver
        .response((response, body) -> answer(response, body, site, token, exchange))
        .single()
        .onErrorMap(NettyPageTransport::classified)
        .onErrorMap(e -> waitedTooLong(e, site, exchange))
        .contextWrite(Context.of(Exchange.class, exchange));
  }

  /**
   * Reads the answer to a call: a success whole up to the size limit, an error's first 64 KiB.
   * Should an error's body not arrive in time, its status still decides the error.
   */
  private Mono<Answer> answer(
      HttpClientResponse response, ByteBufFlux body, Site site, String token, Exchange exchange) {
    int status = response.status().code();
    HttpHeaders headers = response.responseHeaders();
    String retryAfter = headers.get("Retry-After");
    String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
    boolean success = status >= 200 && status <= 299;
    if (!success) {
      exchange.answered(
          ExceptionFactory.fromResponse(
              status, retryAfter, "", site, token, clock.now(TimeUnit.MILLISECONDS)));
    } else if (headers.getInt(HttpHeaderNames.CONTENT_LENGTH, -1) > maxBodySize) {
      return Mono.error(tooLarge(site, status));
    }
    int cap = success ? maxBodySize : ERROR_BODY_CAP;
    return Mono.defer(
        () -> {
          ByteArrayOutputStream kept = new ByteArrayOutputStream();
          return body.handle(
                  (ByteBuf buf, SynchronousSink<Object> sink) -> {
                    int n = buf.readableBytes();
                    if (kept.size() + (long) n > cap) {
                      if (success) {
                        sink.error(tooLarge(site, status));
                        return;
                      }
                      n = cap - kept.size();
                    }
                    byte[] chunk = new byte[n];
                    buf.getBytes(buf.readerIndex(), chunk);
                    kept.write(chunk, 0, n);
                  })
              .then(
                  Mono.fromSupplier(
                      () -> new Answer(status, retryAfter, contentType, kept.toByteArray())));
        });
  }

  /**
   * The failures of Reactor Netty and Netty that the layers above tell apart, as {@link
   * TransportFailure}s; any other failure as it is.
   */
  public static Throwable classified(Throwable failure) {
    // ConnectTimeoutException is a ConnectException: asked first.
    if (failure instanceof ConnectTimeoutException) {
      return new TransportFailure(TransportFailure.Kind.CONNECT_TIMEOUT, failure);
    }
    if (failure instanceof ReadTimeoutException) {
      return new TransportFailure(TransportFailure.Kind.READ_TIMEOUT, failure);
    }
    if (failure instanceof AbortedException) {
      // Typically a pooled connection the server had closed while it was idle.
      return new TransportFailure(TransportFailure.Kind.NOT_SENT, failure);
    }
    if (failure instanceof PrematureCloseException) {
      return new TransportFailure(TransportFailure.Kind.CLOSED_EARLY, failure);
    }
    return failure;
  }

  /**
   * Tells the request's {@link Exchange} that the request is about to be written, and whether its
   * connection served an earlier request. Installed once on the {@link HttpClient} ({@code
   * doOnRequest}), so that every request shares one connection pool.
   */
  static void onRequest(HttpClientRequest request, Connection connection) {
    boolean reused = connection.channel().attr(USED).getAndSet(Boolean.TRUE) != null;
    request
        .currentContextView()
        .<Exchange>getOrEmpty(Exchange.class)
        .ifPresent(e -> e.sending(reused));
  }

  /**
   * Tells the request's {@link Exchange} that the whole request was written ({@code
   * doAfterRequest}).
   */
  static void afterRequest(HttpClientRequest request, Connection connection) {
    request.currentContextView().<Exchange>getOrEmpty(Exchange.class).ifPresent(Exchange::written);
  }

  /**
   * A timeout before the request went out can only be the pool's: no connection became free in
   * time. The server never saw the request.
   */
  private Throwable waitedTooLong(Throwable failure, int page, Exchange exchange) {
    return waitedTooLong(failure, Site.page(page), exchange);
  }

  private Throwable waitedTooLong(Throwable failure, Site site, Exchange exchange) {
    return failure instanceof TimeoutException && !exchange.started()
        ? ExceptionFactory.poolTimeout(site, shared.poolAcquireTimeout(), failure)
        : failure;
  }

  private HttpClient.ResponseReceiver<?> request(ListingQuery query, int page, String token) {
    return headers(token, false).get().uri(uri(baseUrl, query, page));
  }

  /** The client with the headers of every request; {@code json} for a request with a body. */
  private HttpClient headers(String token, boolean json) {
    return http.headers(
        h -> {
          h.set(HttpHeaderNames.ACCEPT, "application/json");
          h.set(HttpHeaderNames.USER_AGENT, userAgent);
          if (json) {
            h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
          }
          if (token != null) {
            h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
          }
          if (polarVersion != null) {
            h.set("Polar-Version", polarVersion);
          }
        });
  }

  /**
   * Checks the status and headers of a response: the error to end the exchange with, or {@code
   * null} when the response is a page to decode.
   */
  private Mono<PageBody> reject(
      HttpClientResponse response, ByteBufFlux body, int page, String token, Exchange exchange) {
    int status = response.status().code();
    HttpHeaders headers = response.responseHeaders();
    if (status != 200) {
      String retryAfter = headers.get("Retry-After");
      long now = clock.now(TimeUnit.MILLISECONDS);
      // Should the body not arrive in time, the status still decides the error.
      exchange.answered(ExceptionFactory.fromResponse(status, retryAfter, "", page, token, now));
      return errorBody(body)
          .flatMap(
              text ->
                  Mono.error(
                      ExceptionFactory.fromResponse(status, retryAfter, text, page, token, now)));
    }
    String contentType = headers.get(HttpHeaderNames.CONTENT_TYPE);
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
      PolarDecodingException wrongType =
          ExceptionFactory.undecodable(
              "expected application/json, got "
                  + (contentType == null ? "no content type" : contentType),
              page,
              null);
      exchange.answered(wrongType);
      return body.then(Mono.error(wrongType));
    }
    long declared = headers.getInt(HttpHeaderNames.CONTENT_LENGTH, -1);
    if (declared > maxBodySize) {
      return Mono.error(tooLarge(page));
    }
    return null;
  }

  private Flux<PageEvent> handleStreaming(
      HttpClientResponse response, ByteBufFlux body, int page, String token, Exchange exchange) {
    Mono<PageBody> rejected = reject(response, body, page, token, exchange);
    if (rejected != null) {
      return rejected.cast(PageEvent.class).flux();
    }
    return Flux.defer(
        () -> {
          StreamingPageDecoder decoder;
          try {
            decoder = new StreamingPageDecoder();
          } catch (IOException e) {
            return Flux.error(e);
          }
          long[] size = {0};
          return body.<List<LicenseKeyRead>>handle(
                  (buf, sink) -> {
                    size[0] += buf.readableBytes();
                    if (size[0] > maxBodySize) {
                      sink.error(tooLarge(page));
                      return;
                    }
                    try {
                      List<LicenseKeyRead> keys = List.of();
                      for (ByteBuffer nio : buf.nioBuffers()) {
                        List<LicenseKeyRead> more = decoder.feed(nio);
                        if (!more.isEmpty()) {
                          keys = keys.isEmpty() ? more : concat(keys, more);
                        }
                      }
                      if (!keys.isEmpty()) {
                        sink.next(keys);
                      }
                    } catch (IOException | RuntimeException e) {
                      sink.error(e);
                    }
                  })
              .concatMapIterable(keys -> keys, 1)
              .<PageEvent>map(PageEvent.Key::new)
              .concatWith(
                  Mono.fromCallable(
                      () -> {
                        if (size[0] == 0) {
                          throw ExceptionFactory.undecodable("the body is empty", page, null);
                        }
                        return new PageEvent.End(decoder.finish());
                      }));
        });
  }

  private static List<LicenseKeyRead> concat(List<LicenseKeyRead> a, List<LicenseKeyRead> b) {
    List<LicenseKeyRead> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    return all;
  }

  private Mono<PageBody> handle(
      HttpClientResponse response,
      ByteBufFlux body,
      ListingQuery query,
      int page,
      String token,
      Exchange exchange) {
    Mono<PageBody> rejected = reject(response, body, page, token, exchange);
    if (rejected != null) {
      return rejected;
    }
    return Mono.usingWhen(
        Mono.fromSupplier(() -> new Body(maxBodySize)),
        aggregate ->
            body.handle(
                    (ByteBuf buf, SynchronousSink<Object> sink) -> {
                      if (!aggregate.add(buf)) {
                        sink.error(tooLarge(page));
                      }
                    })
                .then(Mono.fromCallable(() -> aggregate.decode(query, page))),
        Body::release,
        (aggregate, error) -> aggregate.release(),
        Body::release);
  }

  /**
   * The network buffers of one body, kept as a composite without copying. Adding (on the event
   * loop) and releasing (on whichever thread cancels: a timeout, the deadline, the subscriber) may
   * race, so both hold the lock, and nothing is added once released.
   */
  private static final class Body {
    private final int cap;
    private final CompositeByteBuf composite =
        ByteBufAllocator.DEFAULT.compositeBuffer(Integer.MAX_VALUE);
    private boolean released;

    Body(int cap) {
      this.cap = cap;
    }

    /** Keeps the buffer; {@code false} when the body would grow past the cap. */
    synchronized boolean add(ByteBuf buf) {
      if (released) {
        return true;
      }
      if (composite.readableBytes() + (long) buf.readableBytes() > cap) {
        return false;
      }
      composite.addComponent(true, buf.retain());
      return true;
    }

    synchronized PageBody decode(ListingQuery query, int page) throws IOException {
      if (released) {
        // Cancelled while decoding started: nobody waits for the page any more.
        return null;
      }
      if (!composite.isReadable()) {
        throw ExceptionFactory.undecodable("the body is empty", page, null);
      }
      return LicenseKeyCodec.readPage(new ByteBufInputStream(composite), query.limit());
    }

    Mono<Void> release() {
      synchronized (this) {
        if (!released) {
          released = true;
          composite.release();
        }
      }
      return Mono.empty();
    }
  }

  /** Reads an error body, keeping at most {@link #ERROR_BODY_CAP} bytes of it. */
  private static Mono<String> errorBody(ByteBufFlux body) {
    return Mono.defer(
        () -> {
          ByteArrayOutputStream kept = new ByteArrayOutputStream();
          return body.doOnNext(
                  buf -> {
                    int n = Math.min(ERROR_BODY_CAP - kept.size(), buf.readableBytes());
                    if (n > 0) {
                      byte[] chunk = new byte[n];
                      buf.getBytes(buf.readerIndex(), chunk);
                      kept.write(chunk, 0, n);
                    }
                  })
              .then(Mono.fromSupplier(() -> kept.toString(StandardCharsets.UTF_8)));
        });
  }

  /**
   * Sits right after the HTTP codec and replaces the decoder's failure with a {@link
   * MalformedResponseException}, so that a response that is not valid HTTP is told apart from any
   * other failure, and its message is redacted before anything can show it.
   */
  @ChannelHandler.Sharable
  static final class MalformedResponses extends ChannelInboundHandlerAdapter {
    static final String NAME = "polarflux.malformedResponses";
    static final MalformedResponses INSTANCE = new MalformedResponses();

    /** Installs the handler on a new channel's pipeline, after the HTTP codec. */
    static void install(Channel channel) {
      ChannelPipeline pipeline = channel.pipeline();
      if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(NAME) == null) {
        pipeline.addAfter(NettyPipeline.HttpCodec, NAME, INSTANCE);
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpObject http && http.decoderResult().isFailure()) {
        Throwable cause = http.decoderResult().cause();
        if (!(cause instanceof MalformedResponseException)) {
          http.setDecoderResult(
              DecoderResult.failure(
                  new MalformedResponseException(
                      cause.getClass().getSimpleName()
                          + ": "
                          + ExceptionFactory.redact(String.valueOf(cause.getMessage()), null))));
        }
      }
      ctx.fireChannelRead(msg);
    }
  }

  private PolarDecodingException tooLarge(int page) {
    return tooLarge(Site.page(page), 200);
  }

  private PolarDecodingException tooLarge(Site site, int status) {
    return ExceptionFactory.undecodable(
        "the body is larger than the limit of " + maxBodySize + " bytes", site, status, null);
  }

  private static final java.util.regex.Pattern UUID_SEGMENT =
      java.util.regex.Pattern.compile(
          "/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * The {@code uri} tag of the transport's metrics: the path without its query, ids replaced by
   * {@code {id}}, so that the number of time series stays bounded.
   */
  static String uriTag(String uri) {
    int scheme = uri.indexOf("://");
    int start = scheme < 0 ? 0 : uri.indexOf('/', scheme + 3);
    if (start < 0) {
      return "/";
    }
    int query = uri.indexOf('?', start);
    String path = uri.substring(start, query < 0 ? uri.length() : query);
    return UUID_SEGMENT.matcher(path).replaceAll("/{id}");
  }

  static String uri(String baseUrl, ListingQuery query, int page) {
    StringBuilder sb = new StringBuilder(baseUrl.length() + 96);
    sb.append(baseUrl)
        .append(query instanceof OrganizationKeyQuery ? ORGANIZATION_PATH : PATH)
        .append("?page=")
        .append(page)
        .append("&limit=")
        .append(query.limit());
    if (query instanceof LicenseKeyQuery q) {
      if (q.benefitId() != null) {
        sb.append("&benefit_id=").append(q.benefitId());
      }
      repeated(sb, "organization_id", q.organizationIds());
    } else if (query instanceof OrganizationKeyQuery q) {
      repeated(sb, "organization_id", q.organizationIds());
      repeated(sb, "benefit_id", q.benefitIds());
      for (LicenseKeyStatus status : q.statuses()) {
        sb.append("&status=").append(URLEncoder.encode(status.value(), StandardCharsets.UTF_8));
      }
    }
    return sb.toString();
  }

  private static void repeated(StringBuilder sb, String name, List<UUID> ids) {
    for (UUID id : ids) {
      sb.append('&').append(name).append('=').append(id);
    }
  }
}
