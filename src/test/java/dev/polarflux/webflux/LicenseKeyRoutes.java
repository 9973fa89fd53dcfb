package dev.polarflux.webflux;

import static org.springframework.http.MediaType.APPLICATION_NDJSON;
import static org.springframework.http.MediaType.TEXT_EVENT_STREAM;
import static org.springframework.web.reactive.function.server.RequestPredicates.accept;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.polarflux.LicenseKeyFlux;
import dev.polarflux.LicenseKeyQuery;
import dev.polarflux.PolarClient;
import dev.polarflux.model.LicenseKeyRead;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.json.Jackson2JsonEncoder;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The WebFlux example: {@code GET /license-keys} streams a {@link LicenseKeyFlux} to the HTTP
 * client as NDJSON or as server-sent events, whichever it accepts. Spring subscribes to the flux
 * and writes each key as it arrives, and its demand (the socket's) is what pages the listing; a
 * client that goes away cancels it, and no further page is requested.
 */
final class LicenseKeyRoutes {

  private static final ParameterizedTypeReference<ServerSentEvent<LicenseKeyRead>> EVENTS =
      new ParameterizedTypeReference<>() {};

  private LicenseKeyRoutes() {}

  static RouterFunction<ServerResponse> routes(PolarClient polar) {
    return RouterFunctions.route()
        .GET(
            "/license-keys",
            accept(APPLICATION_NDJSON),
            request ->
                ServerResponse.ok()
                    .contentType(APPLICATION_NDJSON)
                    .body(keys(polar, request), LicenseKeyRead.class))
        .GET(
            "/license-keys",
            accept(TEXT_EVENT_STREAM),
            request ->
                ServerResponse.ok()
                    .contentType(TEXT_EVENT_STREAM)
                    .body(
                        keys(polar, request)
                            .map(
                                key ->
                                    ServerSentEvent.builder(key)
                                        .id(key.id().toString())
                                        .event("license-key")
                                        .build()),
                        EVENTS))
        .build();
  }

  /** {@code ?limit=} and {@code ?benefit_id=} select the keys. */
  private static LicenseKeyFlux keys(PolarClient polar, ServerRequest request) {
    LicenseKeyQuery query = LicenseKeyQuery.create();
    query = request.queryParam("limit").map(Integer::parseInt).map(query::limit).orElse(query);
    query =
        request.queryParam("benefit_id").map(UUID::fromString).map(query::benefitId).orElse(query);
    return polar.licenseKeys(query);
  }

  /**
   * Jackson 2 (polarflux's Jackson) for the JSON in both formats, with ISO-8601 timestamps. Spring
   * 7 prefers Jackson 3 when it is present, so this says which one explicitly.
   */
  @SuppressWarnings("removal") // Spring 7 keeps its Jackson 2 codecs, deprecated for removal.
  static HandlerStrategies strategies() {
    JsonMapper mapper =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    return HandlerStrategies.builder()
        .codecs(
            codecs -> codecs.defaultCodecs().jackson2JsonEncoder(new Jackson2JsonEncoder(mapper)))
        .build();
  }
}
