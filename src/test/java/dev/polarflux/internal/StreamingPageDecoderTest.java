package dev.polarflux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import dev.polarflux.testserver.LicenseKeyDataset;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingPageDecoderTest {

  private static PageBody whole(byte[] json) throws IOException {
    return LicenseKeyCodec.readPage(new ByteArrayInputStream(json), 10);
  }

  private static PageBody streamed(byte[] json, int chunk) throws IOException {
    StreamingPageDecoder decoder = new StreamingPageDecoder();
    List<LicenseKeyRead> keys = new ArrayList<>();
    for (int i = 0; i < json.length; i += chunk) {
      keys.addAll(decoder.feed(ByteBuffer.wrap(json, i, Math.min(chunk, json.length - i))));
    }
    return new PageBody(keys, decoder.finish());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 64, 1000, 1 << 20})
  void anyChunking_decodesExactlyLikeTheWholeBodyDecoder(int chunk) throws IOException {
    for (String fixture : List.of("page-current.json", "page-older-server.json")) {
      byte[] json = Fixtures.bytes(fixture);

      assertThat(streamed(json, chunk)).isEqualTo(whole(json));
    }
  }

  @Test
  void keys_areHandedOutBeforeTheBodyEnds() throws IOException {
    byte[] json = Fixtures.bytes("page-current.json");
    String text = new String(json, StandardCharsets.UTF_8);
    int secondKey = text.indexOf("\"id\": \"1c9d6e4f");
    StreamingPageDecoder decoder = new StreamingPageDecoder();

    List<LicenseKeyRead> first = decoder.feed(ByteBuffer.wrap(json, 0, secondKey));

    assertThat(first).hasSize(1);
    assertThat(first.get(0).key()).isEqualTo("POLAR-4F2A9C1E-7B3D-4E8F-A1C2-D3E4F5A6B7C8");
    assertThat(decoder.keys()).isEqualTo(1);
  }

  /** Feeds {@code json} in chunks of 1 to {@code maxChunk} bytes, each as {@code wrap} hands it. */
  private static PageBody streamedRandomly(
      byte[] json, Random random, int maxChunk, BiFunction<Integer, Integer, ByteBuffer> wrap)
      throws IOException {
    StreamingPageDecoder decoder = new StreamingPageDecoder();
    List<LicenseKeyRead> keys = new ArrayList<>();
    int i = 0;
    while (i < json.length) {
      int n = Math.min(json.length - i, 1 + random.nextInt(maxChunk));
      keys.addAll(decoder.feed(wrap.apply(i, n)));
      i += n;
    }
    return new PageBody(keys, decoder.finish());
  }

  @Test
  void randomChunks_agreeWithTheWholeBodyDecoder() throws IOException {
    byte[] json = Fixtures.bytes("page-current.json");
    Random random = new Random(3);
    for (int round = 0; round < 50; round++) {
      assertThat(streamedRandomly(json, random, 300, (i, n) -> ByteBuffer.wrap(json, i, n)))
          .isEqualTo(whole(json));
    }
  }

  @Test
  void directBuffers_likeNettysDecodeLikeTheWholeBodyDecoder() throws IOException {
    byte[] json = generatedPage(20);
    Random random = new Random(5);
    for (int round = 0; round < 20; round++) {
      PageBody streamed =
          streamedRandomly(
              json,
              random,
              round < 10 ? 300 : 9000,
              (i, n) -> {
                ByteBuffer direct = ByteBuffer.allocateDirect(n + 4);
                direct.position(2);
                direct.put(json, i, n).flip().position(2);
                return direct;
              });

      assertThat(streamed).isEqualTo(whole(json));
    }
  }

  @Test
  void truncatedBody_failsAtTheEnd() throws IOException {
    byte[] json = Fixtures.bytes("page-current.json");
    StreamingPageDecoder decoder = new StreamingPageDecoder();
    decoder.feed(ByteBuffer.wrap(json, 0, json.length / 2));

    assertThatThrownBy(decoder::finish)
        .isInstanceOfAny(DecodeException.class, JsonParseException.class);
  }

  @Test
  void emptyBody_failsAtTheEnd() throws IOException {
    assertThatThrownBy(new StreamingPageDecoder()::finish)
        .isInstanceOf(DecodeException.class)
        .hasMessage("the body is empty");
  }

  @Test
  void schemaMismatchInAKey_namesTheItem() {
    byte[] json =
        "{\"items\":[{\"id\":\"x\"}],\"pagination\":{\"total_count\":1,\"max_page\":1}}"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> streamed(json, 5))
        .isInstanceOf(DecodeException.class)
        .hasMessage("at /items/0/id: expected a UUID, found \"x\"");
  }

  @Test
  void malformedJson_fails() {
    byte[] json = "<html>".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> streamed(json, 3)).isInstanceOf(JsonParseException.class);
  }

  @Test
  void missingPagination_fails() {
    byte[] json = "{\"items\":[]}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> streamed(json, 3)).hasMessage("the response has no 'pagination'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"total_count\":\"3\",\"max_page\":1}"
            + " | at /pagination/total_count: expected an integer, found a string",
        "{\"total_count\":3} | at /pagination: 'pagination.max_page' is missing or out of range",
        "[] | at /pagination: expected an object, found an array"
      })
  void badPagination_failsWithItsPathAndNoLocationWithinACopy(String pagination, String message) {
    byte[] json =
        ("{\"items\":[],\n\"pagination\":" + pagination + "}").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> streamed(json, 5)).hasMessage(message);
  }

  @Test
  void itemsTwice_isRejectedByBothDecoders() {
    byte[] json =
        ("{\"items\":[],\"items\":[],\"pagination\":{\"total_count\":0,\"max_page\":0}}")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> streamed(json, 4))
        .hasMessageContaining("the response has 'items' twice");
    assertThatThrownBy(() -> whole(json)).hasMessageContaining("the response has 'items' twice");
  }

  private static byte[] generatedPage(int keys) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = LicenseKeyCodec.FACTORY.createGenerator(out)) {
      LicenseKeyCodec.writePage(
          g, LicenseKeyDataset.generateVaried(keys, 7).keys(), new Pagination(keys, 1));
    }
    return out.toByteArray();
  }

  /** The byte offsets just past the closing brace of each element of {@code items}. */
  private static List<Integer> keyEnds(byte[] json) throws IOException {
    List<Integer> ends = new ArrayList<>();
    try (JsonParser p = LicenseKeyCodec.FACTORY.createParser(json)) {
      for (JsonToken t; (t = p.nextToken()) != null; ) {
        if (t == JsonToken.END_OBJECT && p.getParsingContext().inArray()) {
          if (p.getParsingContext().getParent().getCurrentName().equals("items")) {
            ends.add((int) p.currentLocation().getByteOffset());
          }
        }
      }
    }
    return ends;
  }

  @Test
  void everySplitIntoTwoBuffers_decodesExactlyLikeTheWholeBodyDecoder() throws IOException {
    byte[] json = generatedPage(3);
    PageBody expected = whole(json);

    for (int split = 0; split <= json.length; split++) {
      StreamingPageDecoder decoder = new StreamingPageDecoder();
      List<LicenseKeyRead> keys = new ArrayList<>(decoder.feed(ByteBuffer.wrap(json, 0, split)));
      keys.addAll(decoder.feed(ByteBuffer.wrap(json, split, json.length - split)));

      assertThat(new PageBody(keys, decoder.finish())).as("split at %d", split).isEqualTo(expected);
    }
  }

  @Test
  void eachKey_isHandedOutByTheBufferThatHoldsItsClosingBrace() throws IOException {
    for (byte[] json : List.of(Fixtures.bytes("page-current.json"), generatedPage(20))) {
      List<Integer> ends = keyEnds(json);
      StreamingPageDecoder decoder = new StreamingPageDecoder();
      List<Integer> handedOut = new ArrayList<>();

      for (int i = 0; i < json.length; i++) {
        for (LicenseKeyRead ignored : decoder.feed(ByteBuffer.wrap(json, i, 1))) {
          handedOut.add(i + 1);
        }
      }

      assertThat(handedOut).isEqualTo(ends);
      assertThat(decoder.finish()).isEqualTo(whole(json).pagination());
    }
  }

  @Test
  void keysWithBracesInTheirStrings_areHandedOutOnTimeAtEverySplit() throws IOException {
    byte[] json =
        Fixtures.text("page-current.json")
            .replace("Ada Lovelace", "Ada },{ }] }, {\\\"x\\\": 1} \\\\")
            .getBytes(StandardCharsets.UTF_8);
    PageBody expected = whole(json);
    List<Integer> ends = keyEnds(json);

    for (int split = 0; split <= json.length; split++) {
      StreamingPageDecoder decoder = new StreamingPageDecoder();
      List<LicenseKeyRead> keys = new ArrayList<>(decoder.feed(ByteBuffer.wrap(json, 0, split)));
      int closed = 0;
      while (closed < ends.size() && ends.get(closed) <= split) {
        closed++;
      }
      assertThat(keys).as("split at %d", split).hasSize(closed);
      keys.addAll(decoder.feed(ByteBuffer.wrap(json, split, json.length - split)));

      assertThat(new PageBody(keys, decoder.finish())).as("split at %d", split).isEqualTo(expected);
    }
  }

  @Test
  void aKeyLongerThanManyBuffers_isHandedOutWhenItCloses() throws IOException {
    String big = "x\\\"{[".repeat(40_000);
    String text =
        Fixtures.text("page-current.json")
            .replace("\"plan\": \"pro\"", "\"plan\": \"" + big + "\"");
    byte[] json = text.getBytes(StandardCharsets.UTF_8);
    int end = keyEnds(json).get(0);
    StreamingPageDecoder decoder = new StreamingPageDecoder();
    List<LicenseKeyRead> keys = new ArrayList<>();
    int chunk = 1000;

    for (int i = 0; i < json.length; i += chunk) {
      List<LicenseKeyRead> more =
          decoder.feed(ByteBuffer.wrap(json, i, Math.min(chunk, json.length - i)));
      if (keys.isEmpty() && !more.isEmpty()) {
        assertThat(end).as("the first key's end").isBetween(i + 1, i + chunk);
      }
      keys.addAll(more);
    }

    PageBody expected = whole(json);
    assertThat(new PageBody(keys, decoder.finish())).isEqualTo(expected);
  }

  @Test
  void unknownFieldsAndPaginationAroundTheItems_decode() throws IOException {
    String key = Fixtures.text("page-current.json");
    String items = key.substring(key.indexOf('['), key.lastIndexOf(']') + 1);
    byte[] json =
        ("{\"pagination\": {\"total_count\": 2, \"max_page\": 1},"
                + " \"before\": [1, {\"items\": 2}, \"]\"], \"items\": "
                + items
                + ", \"after\": 12345}")
            .getBytes(StandardCharsets.UTF_8);

    for (int chunk : new int[] {1, 5, 64, json.length}) {
      assertThat(streamed(json, chunk)).isEqualTo(whole(json));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"items\":[1]}",
        "{\"items\":[{\"id\":\"nope\"}]}",
        "{\"items\":[{\"key\":\"k\"}]}",
        "{\"items\":[{\"usage\":99999999999999999999}]}",
        "{\"items\":[{\"customer\":{\"metadata\":{\"a\":{}}}}]}",
        "{\"items\":[{\"customer\":{\"tax_id\":[\"1\",\"eu_vat\",\"x\"]}}]}",
        "{\"items\":[{\"customer\":{\"billing_address\":{\"city\":\"x\"}}}]}",
        "LAST {\"customer\":{\"email_verified\":\"yes\"}}",
        "LAST \"a string\"",
      })
  void schemaMismatchInAKey_failsLikeTheWholeBodyDecoderWithoutTheLocation(String json)
      throws IOException {
    String body = json;
    if (json.startsWith("LAST ")) {
      String page = Fixtures.text("page-current.json");
      int close = page.lastIndexOf(']');
      body = page.substring(0, close) + "," + json.substring(5) + page.substring(close);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String expected = "";
    try {
      whole(bytes);
    } catch (DecodeException e) {
      expected = e.getMessage().replaceFirst(" \\(line \\d+, column \\d+\\)$", "");
    }
    assertThat(expected).isNotEmpty();

    for (int chunk : new int[] {1, 7, bytes.length}) {
      assertThatThrownBy(() -> streamed(bytes, chunk))
          .isInstanceOf(DecodeException.class)
          .hasMessage(expected);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"items\":[{\"id\": tru}]}",
        "{\"items\":[{\"id\" 1}]}",
        "{\"items\":[{\"x\":1,}]}",
        "{\"items\":[{\"a\":[}]}",
      })
  void malformedJsonInTheItems_failsWithJacksonsParseErrorLikeTheWholeBodyDecoder(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> whole(bytes)).isInstanceOf(JsonParseException.class);
    for (int chunk : new int[] {1, 3, bytes.length}) {
      assertThatThrownBy(() -> streamed(bytes, chunk)).isInstanceOf(JsonParseException.class);
    }
  }

  @Test
  void bodyEndingInsideAKey_failsLikeTheWholeBodyDecoder() throws IOException {
    byte[] json = Fixtures.bytes("page-current.json");
    int cut = keyEnds(json).get(1) - 10;
    byte[] truncated = java.util.Arrays.copyOf(json, cut);
    StreamingPageDecoder decoder = new StreamingPageDecoder();

    assertThat(decoder.feed(ByteBuffer.wrap(truncated))).hasSize(1);
    assertThatThrownBy(decoder::finish)
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining("Unexpected end-of-input");
    assertThatThrownBy(() -> whole(truncated))
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining("Unexpected end-of-input");
  }

  @Test
  void itemsTwice_afterKeys_isRejected() {
    String page = Fixtures.text("page-current.json");
    byte[] json =
        page.replace("\"pagination\"", "\"items\": [], \"pagination\"")
            .getBytes(StandardCharsets.UTF_8);

    for (int chunk : new int[] {1, 100, json.length}) {
      assertThatThrownBy(() -> streamed(json, chunk))
          .isInstanceOf(DecodeException.class)
          .hasMessage("the response has 'items' twice");
    }
  }
}
