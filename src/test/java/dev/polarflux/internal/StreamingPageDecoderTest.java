package dev.polarflux.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import dev.polarflux.model.LicenseKeyRead;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

  @Test
  void randomChunks_agreeWithTheWholeBodyDecoder() throws IOException {
    byte[] json = Fixtures.bytes("page-current.json");
    Random random = new Random(3);
    for (int round = 0; round < 50; round++) {
      StreamingPageDecoder decoder = new StreamingPageDecoder();
      List<LicenseKeyRead> keys = new ArrayList<>();
      int i = 0;
      while (i < json.length) {
        int n = Math.min(json.length - i, 1 + random.nextInt(300));
        keys.addAll(decoder.feed(ByteBuffer.wrap(json, i, n)));
        i += n;
      }
      assertThat(new PageBody(keys, decoder.finish())).isEqualTo(whole(json));
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

  @Test
  void itemsTwice_isRejectedByBothDecoders() {
    byte[] json =
        ("{\"items\":[],\"items\":[],\"pagination\":{\"total_count\":0,\"max_page\":0}}")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> streamed(json, 4))
        .hasMessageContaining("the response has 'items' twice");
    assertThatThrownBy(() -> whole(json)).hasMessageContaining("the response has 'items' twice");
  }
}
