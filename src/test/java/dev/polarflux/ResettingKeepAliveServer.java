package dev.polarflux;

import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A blocking HTTP/1.1 server of raw sockets on 127.0.0.1 that behaves as a server whose keep-alive
 * timeout runs out just as the client reuses the connection: it answers the first request of each
 * connection with a page of {@code keys} (one key per page) and keeps the connection open, then
 * resets the connection (TCP RST) as soon as a second request begins to arrive, without reading it.
 */
final class ResettingKeepAliveServer implements AutoCloseable {

  private static final Pattern PAGE = Pattern.compile("[?&]page=(\\d+)");

  private final ServerSocket socket;
  private final List<LicenseKeyRead> keys;
  private final List<Integer> pages = new CopyOnWriteArrayList<>();
  private final AtomicInteger resets = new AtomicInteger();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  ResettingKeepAliveServer(List<LicenseKeyRead> keys) {
    this.keys = keys;
    try {
      socket = new ServerSocket();
      // A small window, so that a large request cannot be written whole before the server reads.
      socket.setReceiveBufferSize(16 * 1024);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "raw-http-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** The page of every request that arrived whole, in arrival order; each was answered. */
  List<Integer> pagesAnswered() {
    return List.copyOf(pages);
  }

  /** How many connections were reset as a second request began to arrive. */
  int resets() {
    return resets.get();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "raw-http-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try {
      InputStream in = new BufferedInputStream(s.getInputStream());
      String requestLine = readHead(in);
      if (requestLine == null) {
        s.close();
        return;
      }
      Matcher m = PAGE.matcher(requestLine);
      int page = m.find() ? Integer.parseInt(m.group(1)) : 1;
      byte[] body = page(page);
      pages.add(page);
      OutputStream out = s.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      if (in.read() >= 0) {
        resets.incrementAndGet();
        s.setSoLinger(true, 0);
      }
      s.close();
    } catch (IOException gone) {
      // The client went away: nothing more to answer.
    } finally {
      open.remove(s);
    }
  }

  private byte[] page(int page) throws IOException {
    List<LicenseKeyRead> items =
        page >= 1 && page <= keys.size() ? List.of(keys.get(page - 1)) : List.of();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var g = LicenseKeyCodec.FACTORY.createGenerator(out)) {
      LicenseKeyCodec.writePage(g, items, new Pagination(keys.size(), keys.size()));
    }
    return out.toByteArray();
  }

  /** Reads a request head; returns its first line, or {@code null} when the connection ended. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder first = new StringBuilder();
    boolean firstDone = false;
    int last4 = 0;
    int c;
    while ((c = in.read()) >= 0) {
      if (!firstDone) {
        if (c == '\r') {
          firstDone = true;
        } else {
          first.append((char) c);
        }
      }
      last4 = (last4 << 8) | c;
      if (last4 == 0x0d0a0d0a) {
        return first.toString();
      }
    }
    return null;
  }

  @Override
  public void close() {
    try {
      socket.close();
      for (Socket s : open) {
        s.close();
      }
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }
}
