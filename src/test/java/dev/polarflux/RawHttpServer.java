package dev.polarflux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A raw-socket HTTP server on {@code 127.0.0.1} for responses no real server library would write:
 * each accepted connection reads one request head and answers with the bytes the script gives for
 * that request's number (1-based), then closes. It records every request head it read.
 */
final class RawHttpServer implements AutoCloseable {

  private final ServerSocket socket;
  private final Thread acceptor;
  private final IntFunction<byte[]> script;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> heads = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  private RawHttpServer(IntFunction<byte[]> script) throws IOException {
    this.script = script;
    this.socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.acceptor = new Thread(this::accept, "raw-http-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a server answering request {@code n} with {@code script.apply(n)}. */
  static RawHttpServer start(IntFunction<byte[]> script) throws IOException {
    return new RawHttpServer(script);
  }

  /** Starts a server answering every request with the same text. */
  static RawHttpServer answering(String response) throws IOException {
    byte[] bytes = response.getBytes(StandardCharsets.ISO_8859_1);
    return new RawHttpServer(n -> bytes);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** The number of request heads read so far. */
  int requests() {
    return requests.get();
  }

  /** The request heads read so far, as text. */
  List<String> heads() {
    return List.copyOf(heads);
  }

  private void accept() {
    while (!socket.isClosed()) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException closed) {
        return;
      }
      open.add(s);
      Thread t = new Thread(() -> serve(s), "raw-http-connection");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      heads.add(head);
      int n = requests.incrementAndGet();
      OutputStream out = s.getOutputStream();
      out.write(script.apply(n));
      out.flush();
      s.shutdownOutput();
      // Drain until the client closes, so the client sees our bytes before a reset.
      while (in.read() >= 0) {
        // discard
      }
    } catch (IOException ignored) {
      // The client went away.
    } finally {
      open.remove(s);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
