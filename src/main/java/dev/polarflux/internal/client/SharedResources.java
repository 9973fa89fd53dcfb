package dev.polarflux.internal.client;

import java.time.Duration;
import reactor.netty.resources.ConnectionProvider;

/**
 * What a client and the copies derived from it share: the connection pool (made on first use,
 * closed once) and its gauges.
 */
public final class SharedResources {
  /** The most connections open at once to one server. */
  static final int MAX_CONNECTIONS = 64;

  /** How long a request waits for a connection of the pool before it fails. */
  static final Duration POOL_ACQUIRE_TIMEOUT = Duration.ofSeconds(45);

  private final int maxConnections;
  private final Duration poolAcquireTimeout;
  private volatile ConnectionProvider provider;
  private volatile boolean closed;
  private final PoolGauges pools = new PoolGauges();

  /** Resources with the default pool limits. */
  public SharedResources() {
    this(MAX_CONNECTIONS, POOL_ACQUIRE_TIMEOUT);
  }

  /**
   * Resources with their own pool limits.
   *
   * @param maxConnections the most connections open at once to one server
   * @param poolAcquireTimeout how long a request waits for a connection of the pool
   */
  public SharedResources(int maxConnections, Duration poolAcquireTimeout) {
    this.maxConnections = maxConnections;
    this.poolAcquireTimeout = poolAcquireTimeout;
  }

  /** How long a request waits for a connection of the pool before it fails. */
  public Duration poolAcquireTimeout() {
    return poolAcquireTimeout;
  }

  /** Connections handed out and not yet returned, over every remote address. */
  public int acquiredConnections() {
    return pools.acquired();
  }

  /** Whether the resources were closed. */
  public boolean closed() {
    return closed;
  }

  /** The connection pool, made on first use. */
  public ConnectionProvider provider() {
    ConnectionProvider p = provider;
    if (p == null) {
      synchronized (this) {
        if (closed) {
          throw closedError();
        }
        p = provider;
        if (p == null) {
          p =
              ConnectionProvider.builder("polarflux")
                  .maxConnections(maxConnections)
                  .pendingAcquireMaxCount(-1)
                  .pendingAcquireTimeout(poolAcquireTimeout)
                  .maxIdleTime(Duration.ofSeconds(20))
                  .evictInBackground(Duration.ofSeconds(30))
                  .metrics(true, () -> pools)
                  .build();
          provider = p;
        }
      }
    }
    return p;
  }

  /** Closes the pool; nothing is made afterwards. */
  public void dispose() {
    ConnectionProvider p;
    synchronized (this) {
      closed = true;
      p = provider;
    }
    if (p != null) {
      p.dispose();
    }
  }

  /**
   * The error of a client used after it was closed.
   *
   * @return a new error
   */
  public static IllegalStateException closedError() {
    return new IllegalStateException("the PolarClient is closed");
  }
}
