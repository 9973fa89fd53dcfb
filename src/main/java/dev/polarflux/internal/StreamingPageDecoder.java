package dev.polarflux.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * through one blocking parser that reads on from buffer to buffer:
 *
 * <pre>
 * key parser's input: "[" | key 0 key 1 ... key 4 (cut off) | key 4 (rest) key 5 ... | ...
 *                          └────────── buffer 1 ───────────┘ └────── buffer 2 ──────┘
 * </pre>
 *
 * <p>It must not run into the end of a buffer, so when fewer bytes remain than the largest key so
 * far, the decoder looks back from the end of the buffer for a closing brace that ends an element;
 * without one, the next key is cut off. Its bytes so far are kept, nothing else of the buffer is,
 * and the parser reads it in the next buffer: each key is read once, as soon as it is complete. A
 * key larger than any before, or one whose strings hold a closing brace, a comma and an opening
 * brace, may still be cut off under the parser; it is then read again from its start by a fresh
 * parser, once a scan of its strings and brackets sees it close. When {@code items} closes, a fresh
 * non-blocking parser, primed to stand after an {@code items} array, reads the rest.
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

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
  private static final byte[] NO_BYTES = {};

  private JsonParser parser;
  private ByteBufferFeeder feeder;
  private long fed;
  private State state = State.START;
  private State afterSkip;
  private int depth;

  /**
   * The pagination block, copied token by token into {@code {"pagination": ...}} as it arrives, and
   * read once it closes.
   */
  private ByteArrayOutputStream paginationBytes;

  private JsonGenerator paginationCopy;
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
  private JsonParser keyParser;
  private long origin;
  private byte[] scratch = NO_BYTES;
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
   * @param chunk the bytes; fully consumed before this method returns, and not read afterwards
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
            paginationBytes = new ByteArrayOutputStream(64);
            paginationCopy = LicenseKeyCodec.FACTORY.createGenerator(paginationBytes);
            paginationCopy.writeStartObject();
            paginationCopy.writeFieldName("pagination");
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
        paginationCopy.copyCurrentEvent(parser);
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        }
        if (depth == 0) {
          state = State.TOP;
          paginationCopy.writeEndObject();
          paginationCopy.close();
          // The copy stands where the block stood in the body, so a mismatch names the same path
          // as the whole-body decoder; its line and column would be the copy's, so they are left
          // out.
          try (JsonParser p = LicenseKeyCodec.FACTORY.createParser(paginationBytes.toByteArray())) {
            p.nextToken();
            p.nextFieldName();
            pagination = LicenseKeyCodec.readPagination(p);
          } catch (DecodeException e) {
            throw e.withoutLocation();
          }
          paginationCopy = null;
          paginationBytes = null;
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
    long mark = origin;
    try {
      JsonParser p = keyParser;
      if (p == null) {
        byte[] prefix = afterKey ? OPEN_AFTER_KEY : OPEN;
        input.start(prefix, carry, carryLength, chunk, last);
        origin = mark = prefix.length;
        p = keyParser = LicenseKeyCodec.FACTORY.createParser(input);
        p.nextToken();
        if (afterKey) {
          p.nextToken();
          p.nextToken();
        }
      } else {
        input.resume(carry, (int) (input.delivered - origin), carryLength, chunk, last);
      }
      long end = origin + carryLength + chunkLength;
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
        afterKey = true;
        long start = mark;
        mark = p.currentLocation().getByteOffset();
        largestKey = Math.max(largestKey, mark - start);
        if (!last
            && end - mark < largestKey
            && !mayClose(chunk, chunkStart, (int) (mark - origin))) {
          // The next key is cut off: carry it, and read on with this parser in the next buffer.
          keep((int) (mark - origin), chunk, chunkStart, chunkLength);
          origin = mark;
          return false;
        }
      }
      int after = (int) (p.currentLocation().getByteOffset() - origin);
      closeKeyParser();
      state = State.TOP;
      envelope(AFTER_ITEMS);
      if (after < carryLength) {
        readEnvelope(ByteBuffer.wrap(carry, after, carryLength - after));
        chunk.position(chunkStart);
      } else {
        chunk.position(chunkStart + after - carryLength);
      }
      carry = NO_BYTES;
      carryLength = 0;
      return true;
    } catch (KeyInput.NeedMore e) {
      // A key larger than any before: it is read again from its start once a scan sees it close.
      closeKeyParser();
      keep((int) (mark - origin), chunk, chunkStart, chunkLength);
      waiting = !closes(EMPTY, 0, 0);
      return false;
    } catch (IOException | RuntimeException e) {
      closeKeyParser();
      throw e;
    }
  }

  private void closeKeyParser() throws IOException {
    input.forget();
    JsonParser p = keyParser;
    keyParser = null;
    if (p != null) {
      p.close();
    }
  }

  /**
   * Whether the element at {@code from}, counted over the carried bytes and then those of {@code
   * chunk} from {@code chunkStart}, may close before their end. Never {@code false} for an object
   * that closes there: its closing brace is followed by {@code ]}, by a comma and the next object,
   * or by the end of the bytes. Cheaper than {@link #closes} because it looks for that brace from
   * the end, but it may say {@code true} for a key that does not close (a string may hold the same
   * bytes); the parser then finds out.
   */
  private boolean mayClose(ByteBuffer chunk, int chunkStart, int from) {
    if (from < carryLength) {
      return closes(chunk, chunkStart, from);
    }
    int start = chunkStart + from - carryLength;
    int to = chunk.limit();
    for (int i = to - 1; i >= start; i--) {
      if (chunk.get(i) == '}' && endsElement(chunk, i + 1, to)) {
        return true;
      }
    }
    return false;
  }

  /** Whether what follows a closing brace at {@code i} may be the end of an element of items. */
  private static boolean endsElement(ByteBuffer b, int i, int to) {
    boolean comma = false;
    for (; i < to; i++) {
      byte c = b.get(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        continue;
      }
      if (c == ',' && !comma) {
        comma = true;
        continue;
      }
      // After a comma, a quote starts the next field of an enclosing object, not an element.
      return comma ? c != '"' : c == ']';
    }
    return true;
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
      if (scan(carry, from, carryLength)) {
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
    input.forget();
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
  /** Whether none of the eight bytes in {@code w} is a quote or a backslash. */
  private static boolean plain(long w) {
    long quotes = w ^ 0x2222222222222222L;
    long backslashes = w ^ 0x5C5C5C5C5C5C5C5CL;
    // A byte is zero where w had a quote (backslash); this finds zero bytes, exactly.
    long zeros = ((quotes - ONES) & ~quotes) | ((backslashes - ONES) & ~backslashes);
    return (zeros & HIGH_BITS) == 0;
  }

  private boolean scan(ByteBuffer b, int from, int to) {
    if (b.hasArray()) {
      return scan(b.array(), b.arrayOffset() + from, b.arrayOffset() + to);
    }
    if (scratch.length < to - from) {
      scratch = new byte[Math.max(to - from, 2 * scratch.length)];
    }
    b.get(from, scratch, 0, to - from);
    return scan(scratch, 0, to - from);
  }

  private boolean scan(byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      if (scanString && !scanEscape) {
        // Most bytes of a key are inside strings: pass them eight at a time.
        while (i + 8 <= to && plain((long) LONGS.get(b, i))) {
          i += 8;
        }
        if (i == to) {
          return false;
        }
      }
      byte c = b[i++];
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

    /** How many bytes the parser has been given: its own byte offsets count the same bytes. */
    long delivered;

    void start(byte[] prefix, byte[] carry, int carryLength, ByteBuffer chunk, boolean last) {
      this.prefix = prefix;
      this.prefixAt = 0;
      this.delivered = 0;
      resume(carry, 0, carryLength, chunk, last);
    }

    /** Lets go of the buffers, which the next {@link #resume} gives again. */
    void forget() {
      carry = null;
      chunk = null;
    }

    /** Goes on with the carried bytes from {@code carryFrom}, then {@code chunk}. */
    void resume(byte[] carry, int carryFrom, int carryLength, ByteBuffer chunk, boolean last) {
      this.carry = carry;
      this.carryAt = carryFrom;
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
      delivered += n;
      return n;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
  }
}
