/**
 * polarflux: Polar's license keys — a customer's and an organization's — as one back-pressured
 * Reactor {@code Flux}, and the rest of Polar's license-key API (get, validate, activate,
 * deactivate, update).
 *
 * <p>Exports the API ({@code dev.polarflux}), the model ({@code dev.polarflux.model}), the
 * Micrometer adapter ({@code dev.polarflux.micrometer}, which needs Micrometer), the rate budget
 * shared through Redis ({@code dev.polarflux.redis}, which needs Lettuce), the Spring Boot
 * auto-configuration ({@code dev.polarflux.spring}, which needs Spring Boot) and the embedded
 * Polar-compatible test server ({@code dev.polarflux.testserver}); the codec, the client's
 * machinery ({@code dev.polarflux.internal.client}) and the command line stay inside.
 */
module dev.polarflux {
  requires transitive reactor.core;
  requires transitive org.reactivestreams;
  requires transitive com.fasterxml.jackson.annotation;
  requires reactor.netty.core;
  requires reactor.netty.http;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.common;
  requires io.netty.handler;
  requires io.netty.transport;
  // Reactor Netty is an automatic module and cannot ask for these itself; it loads them at run
  // time.
  requires io.netty.codec.compression;
  requires io.netty.codec.http2;
  requires io.netty.handler.proxy;
  requires io.netty.resolver.dns;
  requires com.fasterxml.jackson.core;
  // Optional: only the command line's --format csv uses them; the codec needs jackson-core alone.
  requires static com.fasterxml.jackson.databind;
  requires static com.fasterxml.jackson.dataformat.csv;
  // Optional, and not transitive: only dev.polarflux.micrometer (whose callers require Micrometer
  // themselves) and metrics(true) use them, so a module that requires dev.polarflux alone compiles
  // and runs without Micrometer.
  requires static micrometer.core;
  requires static micrometer.observation;
  // Optional: only dev.polarflux.redis uses it, and its API shows no Lettuce type.
  requires static lettuce.core;
  // Optional: only dev.polarflux.spring, the Spring Boot auto-configuration, uses them.
  requires static spring.boot.autoconfigure;
  requires static spring.boot;
  requires static spring.boot.actuator;
  requires static spring.context;
  requires static spring.beans;
  requires static spring.core;
  requires static spring.web;

  exports dev.polarflux;
  exports dev.polarflux.micrometer;
  exports dev.polarflux.model;
  exports dev.polarflux.redis;
  exports dev.polarflux.spring;
  exports dev.polarflux.testserver;

  // The records bind with an application's own mapper: Jackson 2's com.fasterxml.jackson.databind
  // or Jackson 3's tools.jackson.databind, whichever the application has.
  opens dev.polarflux.model;
  // Spring instantiates the auto-configuration's nested, package-private configurations.
  opens dev.polarflux.spring to
      spring.core,
      spring.beans,
      spring.context;
}
