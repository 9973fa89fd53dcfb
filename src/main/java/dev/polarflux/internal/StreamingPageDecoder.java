package dev.polarflux.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a list response incrementally, as its bytes arrive, with Jackson's non-blocking parser:
 * each license key is handed out as soon as its closing brace has been read, long before the body
 * ends. The tokens of one key are buffered and then decoded by {@link LicenseKeyCodec#readKey}, so
 * both paths accept and reject exactly the same input.
 *
 * <p>Not thread-safe: feed it from one subscriber's {@code onNext}.
 */
public final class StreamingPageDecoder {

  private enum State {
    START,
    TOP,
    ITEMS,
    ITEM,
    PAGINATION,
    SKIP,
    DONE
  }

  private final JsonParser parser;
  private final ByteBufferFeeder feeder;
  private State state = State.START;
  private State afterSkip;
  private int depth;
  private TokenBuffer buffer;
  private int index;
  private Pagination pagination;
  private boolean sawItems;

  /**
   * Creates a decoder for one response body.
   *
   * @throws IOException when Jackson cannot create the parser
   */
  public StreamingPageDecoder() throws IOException {
    this.parser = LicenseKeyCodec.FACTORY.createNonBlockingByteBufferParser();
    this.feeder = (ByteBufferFeeder) parser.getNonBlockingInputFeeder();
  }

  /**
   * Feeds the next bytes of the body and returns the keys they completed.
   *
   * @param chunk the bytes; fully consumed before this method returns
   * @return the completed keys, possibly none
   * @throws IOException on malformed JSON
   * @throws DecodeException when the JSON does not match the schema
   */
  public List<LicenseKeyRead> feed(ByteBuffer chunk) throws IOException {
    feeder.feedInput(chunk);
    List<LicenseKeyRead> keys = List.of();
    JsonToken t;
    while ((t = parser.nextToken()) != JsonToken.NOT_AVAILABLE && t != null) {
      LicenseKeyRead key = accept(t);
      if (key != null) {
        if (keys.isEmpty()) {
          keys = new ArrayList<>(4);
        }
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * Ends the input and returns the pagination block.
   *
   * @return the pagination
   * @throws IOException on malformed or truncated JSON
   * @throws DecodeException when the response misses {@code items} or {@code pagination}
   */
  public Pagination finish() throws IOException {
    feeder.endOfInput();
    JsonToken t;
    while ((t = parser.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
      accept(t);
    }
    if (state != State.DONE) {
      throw new DecodeException(
          state == State.START ? "the body is empty" : "the body ended before the response did");
    }
    if (!sawItems) {
      throw new DecodeException("the response has no 'items'");
    }
    if (pagination == null) {
      throw new DecodeException("the response has no 'pagination'");
    }
    return pagination;
  }

  /**
   * Returns how many keys were completed so far.
   *
   * @return the number of keys handed out
   */
  public int keys() {
    return index;
  }

  private LicenseKeyRead accept(JsonToken t) throws IOException {
    switch (state) {
      case START -> {
        if (t != JsonToken.START_OBJECT) {
          throw new DecodeException("expected the list response object, found " + t);
        }
        state = State.TOP;
      }
      case TOP -> {
        if (t == JsonToken.END_OBJECT) {
          state = State.DONE;
        } else if (t == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          if (name.equals("items")) {
            if (sawItems) {
              throw new DecodeException("the response has 'items' twice");
            }
            sawItems = true;
            state = State.ITEMS;
            depth = -1;
          } else if (name.equals("pagination")) {
            state = State.PAGINATION;
            buffer = new TokenBuffer(null, false);
            depth = 0;
          } else {
            state = State.SKIP;
            afterSkip = State.TOP;
            depth = 0;
          }
        }
      }
      case ITEMS -> {
        if (depth == -1) {
          if (t != JsonToken.START_ARRAY) {
            throw new DecodeException("at /items: expected an array, found " + t);
          }
          depth = 0;
        } else if (t == JsonToken.END_ARRAY) {
          state = State.TOP;
        } else if (t == JsonToken.START_OBJECT) {
          buffer = new TokenBuffer(null, false);
          buffer.copyCurrentEvent(parser);
          depth = 1;
          state = State.ITEM;
        } else {
          throw new DecodeException(
              "at /items/" + index + ": expected a license key object, found " + t);
        }
      }
      case ITEM -> {
        buffer.copyCurrentEvent(parser);
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          if (--depth == 0) {
            state = State.ITEMS;
            return decodeItem();
          }
        }
      }
      case PAGINATION -> {
        buffer.copyCurrentEvent(parser);
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        }
        if (depth == 0) {
          state = State.TOP;
          try (JsonParser p = buffer.asParser()) {
            pagination = LicenseKeyCodec.readPagination(p);
          }
          buffer = null;
        }
      }
      case SKIP -> {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        }
        if (depth == 0) {
          state = afterSkip;
        }
      }
      case DONE -> throw new DecodeException("trailing content after the response object");
      default -> throw new IllegalStateException(state.toString());
    }
    return null;
  }

  private LicenseKeyRead decodeItem() throws IOException {
    try (JsonParser p = buffer.asParser()) {
      p.nextToken();
      LicenseKeyRead key;
      try {
        key = LicenseKeyCodec.readKey(p);
      } catch (DecodeException e) {
        String message = e.getMessage();
        throw new DecodeException(
            message.startsWith("at /")
                ? "at /items/" + index + message.substring(3)
                : "at /items/" + index + ": " + message);
      }
      index++;
      buffer = null;
      return key;
    }
  }
}
