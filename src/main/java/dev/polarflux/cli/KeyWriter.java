package dev.polarflux.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.model.LicenseKeyRead;
import dev.polarflux.model.PolarTimestamp;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** Writes keys in one output format. Closing flushes and leaves the stream open. */
interface KeyWriter extends Closeable {

  void write(LicenseKeyRead key) throws IOException;

  void flush() throws IOException;

  static KeyWriter create(String format, OutputStream out) throws IOException {
    return switch (format) {
      case "ndjson" -> new Ndjson(out);
      case "csv" -> new Csv(out);
      default -> throw new IllegalArgumentException(format);
    };
  }

  /** One JSON object per line, with Polar's field names and values. */
  final class Ndjson implements KeyWriter {
    private final JsonGenerator g;

    Ndjson(OutputStream out) throws IOException {
      g = LicenseKeyCodec.FACTORY.createGenerator(out);
      g.setRootValueSeparator(null);
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    @Override
    public void write(LicenseKeyRead key) throws IOException {
      LicenseKeyCodec.writeKey(g, key);
      g.writeRaw('\n');
    }

    @Override
    public void flush() throws IOException {
      g.flush();
    }

    @Override
    public void close() throws IOException {
      g.close();
    }
  }

  /** A header and one row per key: the key's own fields and the customer's id, email and name. */
  final class Csv implements KeyWriter {
    private static final String[] COLUMNS = {
      "id",
      "created_at",
      "modified_at",
      "organization_id",
      "customer_id",
      "customer_email",
      "customer_name",
      "benefit_id",
      "key",
      "display_key",
      "status",
      "limit_activations",
      "usage",
      "limit_usage",
      "validations",
      "last_validated_at",
      "expires_at"
    };

    private final SequenceWriter rows;

    Csv(OutputStream out) throws IOException {
      CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
      for (String column : COLUMNS) {
        schema.addColumn(column);
      }
      // Quote only the values that need it (RFC 4180), not every value with a dash.
      CsvMapper mapper =
          CsvMapper.builder()
              .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
              .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
              .build();
      rows = mapper.writer(schema.build()).writeValues(out);
    }

    @Override
    public void write(LicenseKeyRead k) throws IOException {
      rows.write(
          new Object[] {
            k.id(), time(k.createdAt()), time(k.modifiedAt()), k.organizationId(), k.customerId(),
            k.customer().email(), k.customer().name(), k.benefitId(), k.key(), k.displayKey(),
            k.status().value(), k.limitActivations(), k.usage(), k.limitUsage(), k.validations(),
            time(k.lastValidatedAt()), time(k.expiresAt())
          });
    }

    private static String time(PolarTimestamp t) {
      return t == null ? null : t.toString();
    }

    @Override
    public void flush() throws IOException {
      rows.flush();
    }

    @Override
    public void close() throws IOException {
      rows.close();
    }
  }
}
