package dev.polarflux;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A Reactor Netty server on {@code 127.0.0.1} that reads each request whole, records it, and
 * answers request {@code n} (1-based) as its script says — or closes the connection without an
 * answer, after the request was read: a request that reached the server and may have taken effect.
 */
final class ScriptedServer implements AutoCloseable {

  /** What to do with one request. */
  record Step(int status, Map<String, String> headers, String body, boolean resets) {
    static Step answer(int status, String body) {
      return new Step(status, Map.of("Content-Type", "application/json"), body, false);
    }

    static Step answer(int status, Map<String, String> headers, String body) {
      return new Step(status, headers, body, false);
    }

    static Step reset() {
      return new Step(0, Map.of(), "", true);
    }
  }

  /** A request as the server read it. */
  record Seen(String method, String uri, String authorization, String contentType, String body) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private final DisposableServer server;

  ScriptedServer(IntFunction<Step> script) {
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (req, res) ->
                    req.receive()
                        .aggregate()
                        .asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .flatMap(
                            body -> {
                              seen.add(
                                  new Seen(
                                      req.method().name(),
                                      req.uri(),
                                      req.requestHeaders().get("Authorization"),
                                      req.requestHeaders().get("Content-Type"),
                                      body));
                              Step step = script.apply(count.incrementAndGet());
                              if (step.resets()) {
                                return Mono.<Void>fromRunnable(
                                    () -> req.withConnection(Connection::dispose));
                              }
                              res.status(step.status());
                              step.headers().forEach(res::header);
                              return res.sendString(Mono.just(step.body())).then();
                            }))
            .bindNow();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.port();
  }

  List<Seen> requests() {
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
