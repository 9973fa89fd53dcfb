package dev.polarflux.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonValue} answers as databind's tree did for the error bodies the client reads. */
class JsonValueTest {

  private static final ObjectMapper DATABIND = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"detail\":[{\"type\":\"int_parsing\",\"loc\":[\"query\",\"page\",0,null,{}],"
            + "\"msg\":\"Input should be a valid integer\",\"input\":\"abc\"}]}",
        "{\"detail\":[{\"loc\":[1.5,true],\"input\":{\"b\":[1,2.25,-0.0,1e400],\"a\":null}},"
            + "{\"input\":12345678901234567890123},{\"input\":false},{\"input\":null},{}]}",
        "{\"error\":\"invalid_token\",\"error_description\":\"Zoë \\\"quoted\\\"\\n\\u2603\"}",
        "{\"error\":{\"nested\":1},\"detail\":[1,2],\"error_description\":42}",
        "{\"a\":1,\"b\":2,\"a\":3}",
        "{\"detail\":\"Not found\"} trailing",
        "[1,2,3]",
        "\"just a string\"",
        "null",
        "3.0"
      })
  void parse_answersAsDatabindsTree(String json) throws Exception {
    JsonNode expected = DATABIND.readTree(json);
    JsonValue actual = JsonValue.parse(json);

    assertThat(actual.toString()).isEqualTo(expected.toString());
    assertThat(describe(actual)).isEqualTo(describe(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "<html>Bad Gateway</html>", "{\"detail\":", "{\"a\":1,}"})
  void parse_notJson_isNull(String body) {
    assertThat(JsonValue.parse(body)).isNull();
  }

  /** What the client reads of a body: each field's and each element's text, one level down. */
  private static List<String> describe(JsonValue v) {
    List<String> out = new ArrayList<>();
    for (String field : List.of("error", "error_description", "detail", "a", "b")) {
      JsonValue f = v.get(field);
      out.add(
          f == null ? "-" : f.asText() + "|" + f.isNull() + "|" + f.isText() + "|" + f.isArray());
      if (f != null) {
        for (JsonValue e : f.elements()) {
          out.add(e.asText() + "|" + e.toString());
          for (String inner : List.of("loc", "input", "type", "msg")) {
            JsonValue i = e.get(inner);
            out.add(i == null ? "-" : i.asText() + "|" + i + "|" + i.isText() + "|" + i.isNull());
            if (i != null) {
              i.elements().forEach(p -> out.add(p.asText()));
            }
          }
        }
      }
    }
    return out;
  }

  private static List<String> describe(JsonNode v) {
    List<String> out = new ArrayList<>();
    for (String field : List.of("error", "error_description", "detail", "a", "b")) {
      JsonNode f = v.get(field);
      out.add(
          f == null
              ? "-"
              : f.asText() + "|" + f.isNull() + "|" + f.isTextual() + "|" + f.isArray());
      if (f != null) {
        for (JsonNode e : f.isArray() ? f : List.<JsonNode>of()) {
          out.add(e.asText() + "|" + e.toString());
          for (String inner : List.of("loc", "input", "type", "msg")) {
            JsonNode i = e.get(inner);
            out.add(
                i == null ? "-" : i.asText() + "|" + i + "|" + i.isTextual() + "|" + i.isNull());
            if (i != null && i.isArray()) {
              i.forEach(p -> out.add(p.asText()));
            }
          }
        }
      }
    }
    return out;
  }
}
