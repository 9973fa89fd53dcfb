package dev.polarflux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.internal.PageBody;
import dev.polarflux.internal.client.Exchange;
import dev.polarflux.internal.client.PageSource;
import dev.polarflux.internal.client.PageTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A pooled connection that the server closed while it was idle: the request that finds it dead was
 * never written whole, so it is made again at once, without back-off and without counting as an
 * attempt. Over real HTTP against {@link ResettingKeepAliveServer}, and the bounds of the rule
 * against a scripted transport.
 */
class StaleConnectionTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * 8 MiB of request head: more than the sockets between client and server can hold, so the request
   * cannot be written whole before the server reads it, and the server's reset certainly comes
   * first.
   */
  private static final String LARGE_USER_AGENT = "x".repeat(8 << 20);

  /** Records what the listener hears. */
  private static final class Heard implements PolarListener {
    final List<Integer> attempts = new CopyOnWriteArrayList<>();
    final List<PolarException> retried = new CopyOnWriteArrayList<>();

    @Override
    public void pageFetched(int page, int items, int attempts, Duration latency) {
      this.attempts.add(attempts);
    }

    @Override
    public void retrying(int page, int attempt, PolarException error, Duration delay) {
      retried.add(error);
    }
  }

  @Test
  void pooledConnectionClosedByTheServer_withRetriesOff_isRequestedAgainAtOnce() {
    checkStaleConnection(false);
  }

  @Test
  void streaming_pooledConnectionClosedByTheServer_withRetriesOff_isRequestedAgainAtOnce() {
    checkStaleConnection(true);
  }

  /** Fails every request as a connection that closed before the request was written whole. */
  private static final class ClosingTransport implements PageTransport {
    private final boolean reused;
    final AtomicInteger requests = new AtomicInteger();

    ClosingTransport(boolean reused) {
      this.reused = reused;
    }

    @Override
    public Mono<PageBody> fetch(ListingQuery query, int page, String token) {
      return fetch(query, page, token, new Exchange());
    }

    @Override
    public Mono<PageBody> fetch(ListingQuery query, int page, String token, Exchange exchange) {
      return Mono.defer(
          () -> {
            requests.incrementAndGet();
            exchange.sending(reused);
            return Mono.error(new IOException("Connection reset by peer"));
          });
    }
  }

  @Test
  void unwrittenOnReusedConnections_isRequestedAgainAtOnceABoundedNumberOfTimes() {
    ClosingTransport transport = new ClosingTransport(true);
    Heard heard = new Heard();

    StepVerifier.create(PolarClient.create(transport).retries(0).listener(heard).licenseKeys())
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isExactlyInstanceOf(PolarConnectionException.class);
              assertThat(((PolarException) e).attempts()).isEqualTo(1);
            })
        .verify(WAIT);

    assertThat(transport.requests).hasValue(1 + PageSource.UNWRITTEN_RETRIES);
    assertThat(heard.retried).isEmpty();
  }

  @Test
  void unwrittenOnAFreshConnection_isAnOrdinaryAttemptWithBackOff() {
    ClosingTransport transport = new ClosingTransport(false);
    Heard heard = new Heard();

    StepVerifier.withVirtualTime(
            () -> PolarClient.create(transport).retries(1).listener(heard).licenseKeys())
        .thenAwait(Duration.ofSeconds(1))
        .expectErrorSatisfies(e -> assertThat(((PolarException) e).attempts()).isEqualTo(2))
        .verify(WAIT);

    assertThat(transport.requests).hasValue(2);
    assertThat(heard.retried).hasSize(1);
  }

  private static void checkStaleConnection(boolean streaming) {
    Heard heard = new Heard();
    try (ResettingKeepAliveServer server = new ResettingKeepAliveServer(TestKeys.keys(1));
        PolarClient polar =
            PolarClient.create()
                .baseUrl(server.baseUrl())
                .token("t")
                .userAgent(LARGE_USER_AGENT)
                .streaming(streaming)
                .retries(0)
                .listener(heard)) {
      // A first listing leaves its connection idle in the pool.
      StepVerifier.create(polar.licenseKeys()).expectNextCount(1).expectComplete().verify(WAIT);
      Eventually.holds(() -> polar.acquiredConnections() == 0);

      StepVerifier.create(polar.licenseKeys())
          .expectNext(TestKeys.key(0))
          .expectComplete()
          .verify(WAIT);

      assertThat(server.resets()).isEqualTo(1);
      assertThat(server.pagesAnswered()).containsExactly(1, 1);
      assertThat(heard.retried).isEmpty();
      assertThat(heard.attempts).containsExactly(1, 1);
    }
  }
}
