package dev.polarflux.testserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.internal.PageBody;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every page the server sends, read into the records and written back by Jackson 3's default {@code
 * JsonMapper} (Spring Boot 4's), Jackson 2's {@code ObjectMapper} with and without the {@code
 * java.time} module, and the library's own codec, is byte for byte what the server sent: field
 * names and order, nulls, metadata scalars, tax ids, enums and timestamps.
 */
class PolarJsonRoundTripTest {

  /** A list response as an application would bind it. */
  record Page(
      @JsonProperty("items") List<LicenseKeyRead> items,
      @JsonProperty("pagination") Pagination pagination) {}

  private static final JsonMapper JACKSON_3 = JsonMapper.builder().build();
  private static final ObjectMapper JACKSON_2 = new ObjectMapper();

  /** What a Spring Boot 3 application has: the time module, dates as text. */
  private static final ObjectMapper JACKSON_2_WITH_TIME_MODULE =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .build();

  private static PolarTestServer plain;
  private static PolarTestServer varied;

  @BeforeAll
  static void start() {
    plain = PolarTestServer.start(LicenseKeyDataset.generate(300, 7L));
    varied = PolarTestServer.start(LicenseKeyDataset.generateVaried(300, 42L));
  }

  @AfterAll
  static void stop() {
    plain.close();
    varied.close();
  }

  static List<Arguments> writers() {
    List<Arguments> writers = new ArrayList<>();
    writers.add(Arguments.of("Jackson 3 JsonMapper", jackson3()));
    writers.add(Arguments.of("Jackson 2 ObjectMapper", jackson2(JACKSON_2)));
    writers.add(
        Arguments.of(
            "Jackson 2 ObjectMapper with JavaTimeModule", jackson2(JACKSON_2_WITH_TIME_MODULE)));
    writers.add(Arguments.of("polarflux codec", codec()));
    return writers;
  }

  private static UnaryOperator<String> jackson3() {
    return json -> JACKSON_3.writeValueAsString(JACKSON_3.readValue(json, Page.class));
  }

  private static UnaryOperator<String> jackson2(ObjectMapper mapper) {
    return json -> {
      try {
        return mapper.writeValueAsString(mapper.readValue(json, Page.class));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private static UnaryOperator<String> codec() {
    return json -> {
      try {
        PageBody page =
            LicenseKeyCodec.readPage(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), 100);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var g = LicenseKeyCodec.FACTORY.createGenerator(out)) {
          LicenseKeyCodec.writePage(g, page.items(), page.pagination());
        }
        return out.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private static List<String> pages(PolarTestServer server) {
    List<String> pages = new ArrayList<>();
    for (int page = 1; page <= 3; page++) {
      HttpResponse<byte[]> response = Http.list(server, "page=" + page + "&limit=100");
      assertThat(response.statusCode()).isEqualTo(200);
      pages.add(new String(response.body(), StandardCharsets.UTF_8));
    }
    return pages;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writers")
  void everyPageOfTheServer_readAndWrittenBack_isByteForByteWhatTheServerSent(
      String writer, UnaryOperator<String> roundTrip) {
    for (PolarTestServer server : List.of(plain, varied)) {
      for (String page : pages(server)) {
        assertThat(page).contains("\"created_at\":\"2024-").contains("\"tax_id\":");
        assertThat(roundTrip.apply(page)).as(writer).isEqualTo(page);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writers")
  void polarsTimestampForms_readAndWrittenBack_keepTheirText(
      String writer, UnaryOperator<String> roundTrip) {
    String page = pages(varied).get(0);
    for (String timestamp :
        List.of(
            "2024-03-11T21:16:32Z",
            "2024-03-11T21:16:32.185Z",
            "2024-03-11T21:16:32.185200Z",
            "2024-03-11T21:16:32.000000Z",
            "2024-03-11T21:16:32.123456789Z",
            "2024-03-11T21:16:32.185200+00:00",
            "2024-03-11T22:16:32.185200+01:00",
            "2024-03-11T15:46:32-05:30")) {
      String edited = page.replaceAll("(_at\":\")[^\"]+\"", "$1" + timestamp + "\"");
      assertThat(edited).contains("\"created_at\":\"" + timestamp + "\"");

      assertThat(roundTrip.apply(edited)).as(writer + " " + timestamp).isEqualTo(edited);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-03-11T21:16:32.1852Z", "2024-03-11T21:16:32Z"})
  void jackson3AndJackson2_bindTimestampsAsTheInstantPolarMeant(String timestamp)
      throws IOException {
    String page =
        pages(plain).get(0).replaceAll("(\"created_at\":\")[^\"]+\"", "$1" + timestamp + "\"");

    LicenseKeyRead viaJackson3 = JACKSON_3.readValue(page, Page.class).items().get(0);
    LicenseKeyRead viaJackson2 = JACKSON_2.readValue(page, Page.class).items().get(0);

    assertThat(viaJackson3.createdAt().toInstant())
        .isEqualTo(java.time.Instant.parse(timestamp))
        .isEqualTo(viaJackson2.createdAt().toInstant());
    assertThat(viaJackson3).isEqualTo(viaJackson2);
  }
}
