package dev.polarflux.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.Pagination;
import dev.polarflux.testserver.LicenseKeyDataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The realistic list responses the benchmarks decode, and the databind set-up a user writes. */
final class Pages {

  /** The seed of every generated dataset, so every run decodes the same bytes. */
  static final long SEED = 42L;

  private Pages() {}

  /**
   * A list response of {@code size} keys from {@link LicenseKeyDataset#generateVaried}, written by
   * {@link LicenseKeyCodec#writePage} exactly as the test server (and Polar) sends it: page 1 of a
   * 50-page listing.
   */
  static byte[] page(int size) {
    List<LicenseKeyRead> keys = LicenseKeyDataset.generateVaried(size, SEED).keys();
    ByteArrayOutputStream out = new ByteArrayOutputStream(size * 2048);
    try (JsonGenerator g = LicenseKeyCodec.FACTORY.createGenerator(out)) {
      LicenseKeyCodec.writePage(g, keys, new Pagination(50L * size, 50));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The {@code ObjectMapper} a user configures to bind Polar's JSON into the same model records:
   * java.time support, offsets kept as sent, unknown properties ignored.
   */
  static ObjectMapper userMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  /**
   * A list response bound by databind into the library's own records.
   *
   * @param items the keys
   * @param pagination the pagination block
   */
  record Page(List<LicenseKeyRead> items, Pagination pagination) {}
}
