package dev.polarflux.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.polarflux.PolarClient;
import dev.polarflux.spring.app.KeysApplication;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A Boot application whose Polar is a {@link PolarTestServer} bean, as in a {@code SpringBootTest},
 * started, used and closed: the client and the server close before Reactor Netty's shared event
 * loops stop, and nothing logs a warning.
 */
class ShutdownTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  /** The test server as a bean, and the client pointed at it: what a user's test declares. */
  @TestConfiguration(proxyBeanMethods = false)
  static class PolarTestServerConfiguration {

    @Bean(destroyMethod = "close")
    PolarTestServer polarTestServer() {
      return PolarTestServer.start(LicenseKeyDataset.generate(250, 3L));
    }

    @Bean
    PolarClientCustomizer useTestServer(PolarTestServer server) {
      return client -> client.baseUrl(server.baseUrl()).token(server.token());
    }
  }

  @BeforeEach
  void clearLogs() {
    CapturedLogs.clear();
  }

  @Test
  void applicationWithTestServerBean_closesClientAndServerCleanly() {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(KeysApplication.class, PolarTestServerConfiguration.class)
            .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
            .run();
    PolarTestServer server = context.getBean(PolarTestServer.class);
    PolarClient polar = context.getBean(PolarClient.class);
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();

    Long keys =
        WebClient.builder()
            .baseUrl("http://127.0.0.1:" + port)
            // A connection of its own, closed after the response: none is left in Reactor Netty's
            // global pool, which closing the application disposes.
            .clientConnector(
                new ReactorClientHttpConnector(
                    HttpClient.create(ConnectionProvider.newConnection())))
            .build()
            .get()
            .uri("/keys")
            .accept(MediaType.APPLICATION_NDJSON)
            .retrieve()
            .bodyToFlux(String.class)
            .count()
            .block(WAIT);
    assertThat(keys).isEqualTo(250);
    assertThat(server.connectionsOpened()).isPositive();

    context.close();

    assertThat(CapturedLogs.warnings()).isEmpty();
    assertThatThrownBy(polar::licenseKeys)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(accepts(server.baseUrl())).as("the test server still accepts connections").isFalse();
  }

  @Test
  void contextClosedTwice_closesOnce() {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(KeysApplication.class, PolarTestServerConfiguration.class)
            .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
            .run();
    PolarTestServer server = context.getBean(PolarTestServer.class);

    context.close();
    context.close();
    server.close();

    assertThat(CapturedLogs.warnings()).isEmpty();
  }

  private static boolean accepts(String baseUrl) {
    URI uri = URI.create(baseUrl);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
