package dev.polarflux.spring.app;

import dev.polarflux.PolarClient;
import dev.polarflux.model.LicenseKeyRead;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A Spring Boot WebFlux application as a user writes it: no configuration class, the
 * auto-configured {@link PolarClient} injected into a controller that returns its listing as
 * NDJSON, as server-sent events, and as one JSON array.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class KeysApplication {

  /** Spring Boot's entry point. */
  public KeysApplication() {}

  /** The controller. */
  @RestController
  static class KeysController {
    private final PolarClient polar;

    KeysController(PolarClient polar) {
      this.polar = polar;
    }

    @GetMapping(value = "/keys", produces = MediaType.APPLICATION_NDJSON_VALUE)
    Flux<LicenseKeyRead> ndjson() {
      return polar.licenseKeys();
    }

    @GetMapping(value = "/keys", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<LicenseKeyRead>> events() {
      return polar
          .licenseKeys()
          .map(
              key ->
                  ServerSentEvent.builder(key)
                      .id(key.id().toString())
                      .event("license-key")
                      .build());
    }

    @GetMapping(value = "/keys", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<List<LicenseKeyRead>> array() {
      return polar.licenseKeys().collectList();
    }
  }
}
