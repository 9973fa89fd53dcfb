package dev.polarflux.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A {@code redis-server} on {@code 127.0.0.1} on a free port, without persistence. */
final class RedisProcess implements AutoCloseable {

  private final Process process;
  private final int port;

  private RedisProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code redis-server} from the PATH and waits until it accepts connections. */
  static RedisProcess start() {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Process p =
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no")
              .redirectErrorStream(true)
              .start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      for (String line; (line = out.readLine()) != null; ) {
        if (line.contains("Ready to accept connections")) {
          Thread drain =
              new Thread(
                  () -> {
                    try {
                      out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException e) {
                      // The process ended.
                    }
                  },
                  "redis-output");
          drain.setDaemon(true);
          drain.start();
          return new RedisProcess(p, port);
        }
      }
      throw new IllegalStateException("redis-server exited before it was ready");
    } catch (IOException e) {
      throw new UncheckedIOException("redis-server is needed (apt-get install redis-server)", e);
    }
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
