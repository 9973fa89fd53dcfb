package dev.polarflux.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a list response incrementally, as its bytes arrive: each license key is handed out as
 * soon as the buffer holding its closing brace has been fed, long before the body ends.
 *
 * <p>Two parsers share the work. Jackson's non-blocking parser reads the envelope (the response
 * object, {@code pagination}, unknown fields) until {@code items} opens. The keys are then read by
 * {@link LicenseKeyCodec#readKey}, the whole-page decoder's own reader, field table and errors,
 * through a blocking parser over the bytes at hand:
 *
 * <pre>
 * parser input:  "[" | the start of a key the last buffer cut off | this buffer ...
 *                       key 7 ───────────────────────────────────┘ key 8  key 9  key 10 (cut off)
 * </pre>
 *
 * <p>A key that the buffer cuts off is carried to the next one: its bytes so far are kept, nothing
 * else of the buffer is. It is read once, when it is complete. When fewer bytes remain than the
 * largest key so far, a scan of their strings and brackets tells whether the next key closes within
 * them; a cut-off key is then scanned, buffer after buffer, until it closes. A larger key than any
 * before is read optimistically: when the parser needs a byte that has not arrived, the key is
 * carried and read again from its start once the scan sees it close. When {@code items} closes, a
 * fresh non-blocking parser, primed to stand after an {@code items} array, reads the rest.
 *
 * <p>Not thread-safe: feed it from one subscriber's {@code onNext}.
 */
public final class StreamingPageDecoder {

  private enum State {
    START,
    TOP,
    ITEMS,
    KEYS,
    PAGINATION,
    SKIP,
    DONE
  }

  /** Puts a fresh envelope parser where the first one stood when {@code items} closed. */
  private static final byte[] AFTER_ITEMS = "{\"items\":[]".getBytes(StandardCharsets.US_ASCII);

  /** Opens the array the key parser reads, at the start of the items. */
  private static final byte[] OPEN = {'['};

  /** Opens it after a key, which a placeholder stands for, so a comma may come next. */
  private static final byte[] OPEN_AFTER_KEY = {'[', '{', '}'};

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  private static final byte[] NO_BYTES = {};

  private JsonParser parser;
  private ByteBufferFeeder feeder;
  private long fed;
  private State state = State.START;
  private State afterSkip;
  private int depth;
  private TokenBuffer buffer;
  private int index;
  private Pagination pagination;
  private boolean sawItems;
  private List<LicenseKeyRead> completed;

  private final KeyInput input = new KeyInput();
  private byte[] carry = NO_BYTES;
  private int carryLength;
  private boolean afterKey;
  private boolean waiting;
  private long largestKey;
  private int scanDepth;
  private boolean scanString;
  private boolean scanEscape;

  /**
   * Creates a decoder for one response body.
   *
   * @throws IOException when Jackson cannot create the parser
   */
  public StreamingPageDecoder() throws IOException {
    envelope(null);
  }

  /**
   * Feeds the next bytes of the body and returns the keys they completed.
   *
   * @param chunk the bytes; fully consumed before this method returns, and not retained
   * @return the completed keys, possibly none
   * @throws IOException on malformed JSON
   * @throws DecodeException when the JSON does not match the schema
   */
  public List<LicenseKeyRead> feed(ByteBuffer chunk) throws IOException {
    completed = null;
    consume(chunk, false);
    List<LicenseKeyRead> keys = completed;
    completed = null;
    return keys == null ? List.of() : keys;
  }

  /**
   * Ends the input and returns the pagination block.
   *
   * @return the pagination
   * @throws IOException on malformed or truncated JSON
   * @throws DecodeException when the response misses {@code items} or {@code pagination}
   */
  public Pagination finish() throws IOException {
    if (state == State.KEYS) {
      // A valid body cannot end inside the items: this reports what the body lacks.
      consume(EMPTY, true);
    }
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

  /** Hands {@code chunk} to whichever parser reads the part of the body it holds. */
  private void consume(ByteBuffer chunk, boolean last) throws IOException {
    while (state == State.KEYS ? readKeys(chunk, last) : readEnvelope(chunk)) {
      // Each pass ends where the other parser takes over.
    }
  }

  /** Starts a non-blocking parser for the envelope, primed with {@code prefix} if any. */
  private void envelope(byte[] prefix) throws IOException {
    parser = LicenseKeyCodec.FACTORY.createNonBlockingByteBufferParser();
    feeder = (ByteBufferFeeder) parser.getNonBlockingInputFeeder();
    fed = 0;
    if (prefix != null) {
      feeder.feedInput(ByteBuffer.wrap(prefix));
      fed = prefix.length;
      while (parser.nextToken() != JsonToken.NOT_AVAILABLE) {
        // The prefix's own tokens: the state already says where they leave the body.
      }
    }
  }

  /**
   * Reads envelope tokens from {@code chunk}; {@code true} when {@code items} opened, with {@code
   * chunk} positioned after its bracket.
   */
  private boolean readEnvelope(ByteBuffer chunk) throws IOException {
    int limit = chunk.limit();
    if (chunk.position() == limit) {
      return false;
    }
    feeder.feedInput(chunk);
    fed += limit - chunk.position();
    JsonToken t;
    while ((t = parser.nextToken()) != JsonToken.NOT_AVAILABLE && t != null) {
      accept(t);
      if (state == State.KEYS) {
        long unread = fed - parser.currentLocation().getByteOffset();
        chunk.position(limit - (int) unread);
        parser = null;
        feeder = null;
        return true;
      }
    }
    chunk.position(limit);
    return false;
  }

  private void accept(JsonToken t) throws IOException {
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
        if (t != JsonToken.START_ARRAY) {
          throw new DecodeException("at /items: expected an array, found " + t);
        }
        state = State.KEYS;
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
  }

  /**
   * Reads the keys that the carried bytes and {@code chunk} complete; {@code true} when {@code
   * items} closed, with the envelope parser back and {@code chunk} positioned after the bracket.
   * With {@code last}, the body has ended and a key it cut off fails as the whole-page decoder
   * fails.
   */
  private boolean readKeys(ByteBuffer chunk, boolean last) throws IOException {
    int chunkStart = chunk.position();
    int chunkLength = chunk.remaining();
    if (chunkLength == 0 && !last) {
      return false;
    }
    if (waiting && !last) {
      if (!scan(chunk, chunkStart, chunk.limit())) {
        keep(0, chunk, chunkStart, chunkLength);
        return false;
      }
      waiting = false;
    }
    byte[] prefix = afterKey ? OPEN_AFTER_KEY : OPEN;
    boolean carried = carryLength > 0;
    long mark = 0;
    long available = (long) carryLength + chunkLength;
    int decoded = 0;
    input.start(prefix, carry, carryLength, chunk, last);
    try (JsonParser p = LicenseKeyCodec.FACTORY.createParser(input)) {
      p.nextToken();
      if (afterKey) {
        p.nextToken();
        p.nextToken();
      }
      for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
        if (t != JsonToken.START_OBJECT) {
          throw LicenseKeyCodec.notAKey(p, t).within("/items/" + index);
        }
        LicenseKeyRead key;
        try {
          key = LicenseKeyCodec.readKey(p);
        } catch (DecodeException e) {
          throw e.within("/items/" + index);
        }
        if (completed == null) {
          completed = new ArrayList<>(8);
        }
        completed.add(key);
        index++;
        decoded++;
        afterKey = true;
        long start = mark;
        mark = p.currentLocation().getByteOffset() - prefix.length;
        largestKey = Math.max(largestKey, mark - start);
        if (!last && available - mark < largestKey && !closes(chunk, chunkStart, (int) mark)) {
          // The next key is cut off: carry it without reading its start twice.
          keep((int) mark, chunk, chunkStart, chunkLength);
          waiting = true;
          return false;
        }
      }
      int end = (int) (p.currentLocation().getByteOffset() - prefix.length);
      state = State.TOP;
      envelope(AFTER_ITEMS);
      if (end < carryLength) {
        readEnvelope(ByteBuffer.wrap(carry, end, carryLength - end));
        chunk.position(chunkStart);
      } else {
        chunk.position(chunkStart + end - carryLength);
      }
      carry = NO_BYTES;
      carryLength = 0;
      return true;
    } catch (KeyInput.NeedMore e) {
      keep((int) mark, chunk, chunkStart, chunkLength);
      if (decoded == 0 && carried) {
        // Two attempts at the same key: wait until a scan sees it close.
        waiting = !closes(EMPTY, 0, 0);
      }
      return false;
    }
  }

  /**
   * Starts a scan at {@code from}, counted over the carried bytes and then those of {@code chunk}
   * from {@code chunkStart}, to their end; {@code true} when what stands there may have ended.
   */
  private boolean closes(ByteBuffer chunk, int chunkStart, int from) {
    scanDepth = 0;
    scanString = false;
    scanEscape = false;
    if (from < carryLength) {
      if (scan(ByteBuffer.wrap(carry), from, carryLength)) {
        return true;
      }
      from = carryLength;
    }
    return scan(chunk, chunkStart + from - carryLength, chunk.limit());
  }

  /**
   * Keeps the bytes from {@code from} on, counted over the carried bytes and then those of {@code
   * chunk}, as the new carried bytes, and consumes {@code chunk}.
   */
  private void keep(int from, ByteBuffer chunk, int chunkStart, int chunkLength) {
    int skipped = 0;
    if (from < carryLength) {
      System.arraycopy(carry, from, carry, 0, carryLength - from);
      carryLength -= from;
    } else {
      skipped = from - carryLength;
      carryLength = 0;
    }
    int n = chunkLength - skipped;
    if (carryLength + n > carry.length) {
      carry = Arrays.copyOf(carry, Math.max(carryLength + n, 2 * carry.length));
    }
    chunk.get(chunkStart + skipped, carry, carryLength, n);
    carryLength += n;
    chunk.position(chunk.limit());
  }

  /**
   * Follows the strings and brackets of the carried key through {@code b[from, to)}; {@code true}
   * once the key, or whatever stands in its place, may have ended.
   */
  private boolean scan(ByteBuffer b, int from, int to) {
    for (int i = from; i < to; i++) {
      byte c = b.get(i);
      if (scanString) {
        if (scanEscape) {
          scanEscape = false;
        } else if (c == '\\') {
          scanEscape = true;
        } else if (c == '"') {
          scanString = false;
          if (scanDepth == 0) {
            return true;
          }
        }
      } else if (c == '"') {
        scanString = true;
      } else if (c == '{' || c == '[') {
        scanDepth++;
      } else if (c == '}' || c == ']') {
        if (--scanDepth <= 0) {
          return true;
        }
      } else if (scanDepth == 0 && c != ',' && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return true;
      }
    }
    return false;
  }

  /**
   * The key parser's input: a prefix, the carried bytes, then a buffer, read without copying them
   * first. At their end it throws {@link NeedMore}, or with {@code last} reports the end of input.
   */
  private static final class KeyInput extends InputStream {

    /** The bytes at hand ended: the key being read continues in the next buffer. */
    static final class NeedMore extends IOException {
      private static final long serialVersionUID = 1L;

      NeedMore() {
        super("the key continues in the next buffer");
      }

      @Override
      public synchronized Throwable fillInStackTrace() {
        return this;
      }
    }

    private final NeedMore more = new NeedMore();
    private byte[] prefix;
    private int prefixAt;
    private byte[] carry;
    private int carryAt;
    private int carryEnd;
    private ByteBuffer chunk;
    private int chunkAt;
    private int chunkEnd;
    private boolean last;

    void start(byte[] prefix, byte[] carry, int carryLength, ByteBuffer chunk, boolean last) {
      this.prefix = prefix;
      this.prefixAt = 0;
      this.carry = carry;
      this.carryAt = 0;
      this.carryEnd = carryLength;
      this.chunk = chunk;
      this.chunkAt = chunk.position();
      this.chunkEnd = chunk.limit();
      this.last = last;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int n;
      if (prefixAt < prefix.length) {
        n = Math.min(len, prefix.length - prefixAt);
        System.arraycopy(prefix, prefixAt, b, off, n);
        prefixAt += n;
      } else if (carryAt < carryEnd) {
        n = Math.min(len, carryEnd - carryAt);
        System.arraycopy(carry, carryAt, b, off, n);
        carryAt += n;
      } else if (chunkAt < chunkEnd) {
        n = Math.min(len, chunkEnd - chunkAt);
        chunk.get(chunkAt, b, off, n);
        chunkAt += n;
      } else if (last) {
        return -1;
      } else {
        throw more;
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
  }
}
