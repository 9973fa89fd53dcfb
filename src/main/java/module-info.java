/**
 * polarflux: Polar's customer-portal license keys as one back-pressured Reactor {@code Flux}.
 *
 * <p>Exports the API ({@code dev.polarflux}), the model ({@code dev.polarflux.model}) and the
 * embedded Polar-compatible test server ({@code dev.polarflux.testserver}); the codec and the
 * command line stay inside.
 */
module dev.polarflux {
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  requires transitive com.fasterxml.jackson.annotation;
  requires reactor.netty.core;
  requires reactor.netty.http;
  requires io.netty.buffer;
  requires io.netty.codec.http;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.transport;
  // Reactor Netty is an automatic module and cannot ask for these itself; it loads them at run time.
  requires io.netty.codec.compression;
  requires io.netty.codec.http2;
  requires io.netty.handler.proxy;
  requires io.netty.resolver.dns;
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;

  exports dev.polarflux;
  exports dev.polarflux.model;
  exports dev.polarflux.testserver;

  opens dev.polarflux.model to
      com.fasterxml.jackson.databind;
}
