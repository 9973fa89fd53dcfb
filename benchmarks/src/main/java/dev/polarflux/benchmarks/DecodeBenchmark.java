package dev.polarflux.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.internal.PageBody;
import dev.polarflux.internal.StreamingPageDecoder;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding one list response held in memory, in pages per second: polarflux's codec against what a
 * user would write with Jackson, and against the ceiling for any Jackson-based decoder.
 *
 * <ul>
 *   <li>{@code databind}: (a) {@code ObjectMapper.readValue} into the same records, configured as
 *       {@link Pages#userMapper()} — the baseline;
 *   <li>{@code tree}, {@code map}: (b) {@code readTree} and {@code readValue(bytes, Map.class)};
 *   <li>{@code parserCeiling}: (c) a {@code JsonParser} that visits every token and reads every
 *       value ({@code getText}, {@code getLongValue}, ...) and builds nothing;
 *   <li>{@code codec}: (d) {@code LicenseKeyCodec.readPage} from a {@code byte[]}-backed stream;
 *   <li>{@code streamingDecoder}: (e) {@code StreamingPageDecoder} fed 8 KiB chunks;
 *   <li>{@code nonBlockingCeiling}: (f) like (c), with Jackson's non-blocking parser fed 8 KiB
 *       chunks: what any decoder that keeps its state in that parser must at least do;
 *   <li>{@code codecWrite}: (g) the other way: {@code LicenseKeyCodec.writePage} of the decoded
 *       page into a reused buffer, as the embedded server and the command line write keys.
 * </ul>
 *
 * <p>The pages hold {@code pageSize} keys of {@code LicenseKeyDataset.generateVaried}. Run alone,
 * with allocation per page:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar DecodeBenchmark -prof gc
 * </pre>
 *
 * <p>One decoder on one page size, for example:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'DecodeBenchmark.codec$' -p pageSize=100 -prof gc
 * </pre>
 */
public class DecodeBenchmark extends BenchmarkBase {

  /** The chunk size the streaming decoder is fed, about one network read. */
  static final int CHUNK = 8 * 1024;

  /** Keys per page: a short last page and Polar's maximum {@code limit}. */
  @Param({"10", "100"})
  public int pageSize;

  private byte[] page;
  private ObjectMapper mapper;
  private PageBody decoded;
  private final ByteArrayOutputStream written = new ByteArrayOutputStream(256 * 1024);

  /** Builds the page and the user's mapper, then checks that every decoder agrees on the page. */
  @Setup
  public void setUp() throws IOException {
    page = Pages.page(pageSize);
    mapper = Pages.userMapper();
    PageBody ours = codec();
    Pages.Page theirs = databind();
    if (!ours.items().equals(theirs.items()) || !ours.pagination().equals(theirs.pagination())) {
      throw new IllegalStateException("databind and the codec disagree on the page");
    }
    if (ours.items().size() != pageSize) {
      throw new IllegalStateException("the page holds " + ours.items().size() + " keys");
    }
    decoded = ours;
    if (!java.util.Arrays.equals(codecWrite(), page)) {
      throw new IllegalStateException("the codec does not write the page back as it was");
    }
  }

  /** (a) The baseline: databind into the same records. */
  @Benchmark
  public Pages.Page databind() throws IOException {
    return mapper.readValue(page, Pages.Page.class);
  }

  /** (b) Jackson's tree model. */
  @Benchmark
  public JsonNode tree() throws IOException {
    return mapper.readTree(page);
  }

  /** (b) Untyped maps and lists. */
  @Benchmark
  public Map<?, ?> map() throws IOException {
    return mapper.readValue(page, Map.class);
  }

  /** (c) Every token visited, every value read: what any Jackson-based decoder must at least do. */
  @Benchmark
  public void parserCeiling(Blackhole bh) throws IOException {
    try (JsonParser p = LicenseKeyCodec.FACTORY.createParser(page)) {
      visitAvailable(p, bh);
    }
  }

  /** (f) The ceiling (c) for a decoder driven by the non-blocking parser, fed 8 KiB chunks. */
  @Benchmark
  public void nonBlockingCeiling(Blackhole bh) throws IOException {
    try (JsonParser p = LicenseKeyCodec.FACTORY.createNonBlockingByteBufferParser()) {
      ByteBufferFeeder feeder = (ByteBufferFeeder) p.getNonBlockingInputFeeder();
      for (int from = 0; from < page.length; from += CHUNK) {
        feeder.feedInput(ByteBuffer.wrap(page, from, Math.min(CHUNK, page.length - from)));
        visitAvailable(p, bh);
      }
      feeder.endOfInput();
      visitAvailable(p, bh);
    }
  }

  /** Visits every token up to the end of the input or of what has been fed, reading each value. */
  private static void visitAvailable(JsonParser p, Blackhole bh) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.NOT_AVAILABLE && t != null) {
      switch (t) {
        case FIELD_NAME -> bh.consume(p.currentName());
        case VALUE_STRING -> bh.consume(p.getText());
        case VALUE_NUMBER_INT -> bh.consume(p.getLongValue());
        case VALUE_NUMBER_FLOAT -> bh.consume(p.getDoubleValue());
        case VALUE_TRUE, VALUE_FALSE -> bh.consume(p.getBooleanValue());
        default -> bh.consume(t);
      }
    }
  }

  /** (d) polarflux's codec, from a stream over the bytes as the aggregating transport reads it. */
  @Benchmark
  public PageBody codec() throws IOException {
    return LicenseKeyCodec.readPage(new ByteArrayInputStream(page), pageSize);
  }

  /** (e) polarflux's incremental decoder, fed the page in 8 KiB chunks as they would arrive. */
  @Benchmark
  public Pagination streamingDecoder(Blackhole bh) throws IOException {
    StreamingPageDecoder decoder = new StreamingPageDecoder();
    for (int from = 0; from < page.length; from += CHUNK) {
      for (LicenseKeyRead key :
          decoder.feed(ByteBuffer.wrap(page, from, Math.min(CHUNK, page.length - from)))) {
        bh.consume(key);
      }
    }
    return decoder.finish();
  }

  /** (g) polarflux's codec writing the decoded page back. */
  @Benchmark
  public byte[] codecWrite() throws IOException {
    written.reset();
    try (JsonGenerator g = LicenseKeyCodec.FACTORY.createGenerator(written)) {
      LicenseKeyCodec.writePage(g, decoded.items(), decoded.pagination());
    }
    return written.toByteArray();
  }
}
