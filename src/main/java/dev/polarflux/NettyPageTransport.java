package dev.polarflux;

import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.internal.PageBody;
import dev.polarflux.internal.StreamingPageDecoder;
import dev.polarflux.model.LicenseKeyRead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
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
final class NettyPageTransport implements PageTransport {

  static final String PATH = "/v1/customer-portal/license-keys/";
  private static final int ERROR_BODY_CAP = 64 * 1024;

  /** Marks a channel that carried a request, so that the next request knows it reuses it. */
  private static final AttributeKey<Boolean> USED = AttributeKey.valueOf("polarflux.used");

  private final PolarClient.SharedResources shared;
  private final HttpClient http;
  private final String baseUrl;
  private final String polarVersion;
  private final String userAgent;
  private final int maxBodySize;

  /** The client's clock, for an HTTP-date {@code Retry-After}. */
  private final Scheduler clock;

  NettyPageTransport(
      PolarClient.SharedResources shared,
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
  static NettyPageTransport create(PolarClient.SharedResources shared, ClientSettings settings) {
    HttpClient http =
        HttpClient.create(shared.provider())
            .disableRetry(true)
            .doOnRequest(NettyPageTransport::onRequest)
            .doAfterRequest(NettyPageTransport::afterRequest)
            .followRedirect(false)
            .compress(true)
            .doOnChannelInit((observer, channel, address) -> MalformedResponses.install(channel))
            .metrics(settings.metrics, uri -> PATH)
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
  public Mono<PageBody> fetch(LicenseKeyQuery query, int page, String token) {
    return fetch(query, page, token, new Exchange());
  }

  @Override
  public Flux<Object> stream(LicenseKeyQuery query, int page, String token) {
    return stream(query, page, token, new Exchange());
  }

  @Override
  public Mono<PageBody> fetch(LicenseKeyQuery query, int page, String token, Exchange exchange) {
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
  public Flux<Object> stream(LicenseKeyQuery query, int page, String token, Exchange exchange) {
    if (shared.closed()) {
      return Flux.error(ExceptionFactory.closed(page));
    }
    return request(query, page, token)
        .response((response, body) -> handleStreaming(response, body, page, token, exchange))
        .onErrorMap(NettyPageTransport::classified)
        .onErrorMap(e -> waitedTooLong(e, page, exchange))
        .contextWrite(Context.of(Exchange.class, exchange));
  }

  /**
   * The failures of Reactor Netty and Netty that the layers above tell apart, as {@link
   * TransportFailure}s; any other failure as it is.
   */
  static Throwable classified(Throwable failure) {
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
    return failure instanceof TimeoutException && !exchange.started()
        ? ExceptionFactory.poolTimeout(page, shared.poolAcquireTimeout(), failure)
        : failure;
  }

  private HttpClient.ResponseReceiver<?> request(LicenseKeyQuery query, int page, String token) {
    String uri = uri(baseUrl, query, page);
    return http.headers(
            h -> {
              h.set(HttpHeaderNames.ACCEPT, "application/json");
              h.set(HttpHeaderNames.USER_AGENT, userAgent);
              if (token != null) {
                h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
              }
              if (polarVersion != null) {
                h.set("Polar-Version", polarVersion);
              }
            })
        .get()
        .uri(uri);
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

  private Flux<Object> handleStreaming(
      HttpClientResponse response, ByteBufFlux body, int page, String token, Exchange exchange) {
    Mono<PageBody> rejected = reject(response, body, page, token, exchange);
    if (rejected != null) {
      return rejected.cast(Object.class).flux();
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
              .cast(Object.class)
              .concatWith(
                  Mono.fromCallable(
                      () -> {
                        if (size[0] == 0) {
                          throw ExceptionFactory.undecodable("the body is empty", page, null);
                        }
                        return decoder.finish();
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
      LicenseKeyQuery query,
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

    synchronized PageBody decode(LicenseKeyQuery query, int page) throws IOException {
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
    return ExceptionFactory.undecodable(
        "the body is larger than the limit of " + maxBodySize + " bytes", page, null);
  }

  static String uri(String baseUrl, LicenseKeyQuery query, int page) {
    StringBuilder sb = new StringBuilder(baseUrl.length() + 96);
    sb.append(baseUrl)
        .append(PATH)
        .append("?page=")
        .append(page)
        .append("&limit=")
        .append(query.limit());
    if (query.benefitId() != null) {
      sb.append("&benefit_id=").append(query.benefitId());
    }
    for (UUID organizationId : query.organizationIds()) {
      sb.append("&organization_id=")
          .append(URLEncoder.encode(organizationId.toString(), StandardCharsets.UTF_8));
    }
    return sb.toString();
  }
}
