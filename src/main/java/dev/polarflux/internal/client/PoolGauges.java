package dev.polarflux.internal.client;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.netty.resources.ConnectionPoolMetrics;
import reactor.netty.resources.ConnectionProvider;

/** Keeps the pool's own gauges, so that the client can tell how many connections are in use. */
public final class PoolGauges implements ConnectionProvider.MeterRegistrar {

  private final Map<String, ConnectionPoolMetrics> pools = new ConcurrentHashMap<>();

  @Override
  public void registerMetrics(
      String poolName, String id, SocketAddress remoteAddress, ConnectionPoolMetrics metrics) {
    pools.put(id + "|" + remoteAddress, metrics);
  }

  @Override
  public void deRegisterMetrics(String poolName, String id, SocketAddress remoteAddress) {
    pools.remove(id + "|" + remoteAddress);
  }

  int acquired() {
    int sum = 0;
    for (ConnectionPoolMetrics m : pools.values()) {
      sum += m.acquiredSize();
    }
    return sum;
  }
}
