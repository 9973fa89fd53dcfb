package dev.polarflux.testserver;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answer the server decided on, not yet written: a status, headers and either fixed bytes or a
 * page that is encoded only when it is sent.
 *
 * @param status the status
 * @param headers the response headers, in order
 * @param body the fixed body; {@code null} for a page
 * @param items the page's keys; {@code null} for a fixed body
 * @param pagination the page's pagination; {@code null} for a fixed body
 */
record Reply(
    int status,
    Map<String, String> headers,
    byte[] body,
    List<LicenseKeyRead> items,
    Pagination pagination) {

  static final String JSON = "application/json";

  static Reply page(List<LicenseKeyRead> items, Pagination pagination, String version) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", JSON);
    headers.put("polar-version", version);
    return new Reply(200, headers, null, items, pagination);
  }

  static Reply json(int status, String json, Map<String, String> extraHeaders) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", JSON);
    headers.putAll(extraHeaders);
    return new Reply(status, headers, json.getBytes(StandardCharsets.UTF_8), null, null);
  }

  /** A 200 (or other) JSON answer written now, from the state at the time of the decision. */
  static Reply json(int status, JsonWriter writer, String version) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", JSON);
    headers.put("polar-version", version);
    return new Reply(
        status, headers, writeJson(writer).getBytes(StandardCharsets.UTF_8), null, null);
  }

  /** Pydantic's 422 body: {@code {"error":"RequestValidationError","detail":[...]}}. */
  static String validationBody(List<ListQuery.Problem> problems) {
    return writeJson(
        g -> {
          g.writeStartObject();
          g.writeStringField("error", "RequestValidationError");
          g.writeArrayFieldStart("detail");
          for (ListQuery.Problem p : problems) {
            g.writeStartObject();
            g.writeStringField("type", p.type());
            g.writeArrayFieldStart("loc");
            for (String part : p.loc()) {
              g.writeString(part);
            }
            g.writeEndArray();
            g.writeStringField("msg", p.message());
            g.writeFieldName("input");
            writeAny(g, p.input());
            if (p.ctxName() != null) {
              g.writeObjectFieldStart("ctx");
              g.writeFieldName(p.ctxName());
              writeAny(g, p.ctxValue());
              g.writeEndObject();
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /** Writes a plain JSON value: a map, list, string, number, boolean or {@code null}. */
  private static void writeAny(JsonGenerator g, Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeAny(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object element : list) {
        writeAny(g, element);
      }
      g.writeEndArray();
    } else if (value instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeString(value.toString());
    }
  }

  static Reply fixed(int status, Map<String, String> headers, byte[] body) {
    return new Reply(status, headers, body, null, null);
  }

  /** Writes the body into a new buffer from {@code alloc}; the caller owns (releases) it. */
  ByteBuf encode(ByteBufAllocator alloc) {
    if (body != null) {
      return alloc.buffer(body.length).writeBytes(body);
    }
    ByteBuf buf = alloc.buffer(256 + items.size() * 1536);
    try (JsonGenerator g =
        LicenseKeyCodec.FACTORY.createGenerator((OutputStream) new ByteBufOutputStream(buf))) {
      LicenseKeyCodec.writePage(g, items, pagination);
      return buf;
    } catch (IOException e) {
      buf.release();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
  }

  /** Encodes into a pooled buffer and copies the bytes out, for answers sent piecewise. */
  byte[] bytes(ByteBufAllocator alloc) {
    ByteBuf buf = encode(alloc);
    try {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      return bytes;
    } finally {
      buf.release();
    }
  }

  /** Writes a JSON document with the codec's factory. */
  static String writeJson(JsonWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = LicenseKeyCodec.FACTORY.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Writes one JSON document. */
  interface JsonWriter {
    void write(JsonGenerator g) throws IOException;
  }
}
