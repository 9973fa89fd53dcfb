package dev.polarflux.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.polarflux.spring.app.KeysApplication;
import dev.polarflux.testserver.LicenseKeyDataset;
import dev.polarflux.testserver.PolarTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The actuator's {@code env} and {@code configprops} endpoints, told to show every value, show the
 * {@code polarflux.*} properties but never the token.
 */
@SpringBootTest(
    classes = KeysApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=env,configprops",
      "management.endpoint.env.show-values=always",
      "management.endpoint.configprops.show-values=always",
      "polarflux.concurrency=3"
    })
// Closed after the class: every Boot context shares Reactor Netty's global resources, which the
// first context to close disposes under the others.
@DirtiesContext
class ActuatorTest {

  private static final PolarTestServer POLAR =
      PolarTestServer.start(LicenseKeyDataset.generate(10, 1L));

  @DynamicPropertySource
  static void polar(DynamicPropertyRegistry properties) {
    properties.add("polarflux.base-url", POLAR::baseUrl);
    properties.add("polarflux.token", POLAR::token);
  }

  @AfterAll
  static void stopPolar() {
    POLAR.close();
  }

  @LocalServerPort int port;

  @ParameterizedTest
  @ValueSource(
      strings = {"/actuator/env", "/actuator/configprops", "/actuator/env/polarflux.token"})
  void endpoint_showsThePropertiesButNotTheToken(String path) {
    byte[] body =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(20))
            .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
            .build()
            .get()
            .uri(path)
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .returnResult()
            .getResponseBodyContent();

    String text = new String(body, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(POLAR.token()).contains("******");
    if (!path.endsWith("token")) {
      assertThat(text).contains(POLAR.baseUrl());
    }
  }
}
