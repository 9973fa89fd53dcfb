package dev.polarflux.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.polarflux.internal.KeyField;
import dev.polarflux.internal.LicenseKeyCodec;
import dev.polarflux.model.LicenseKeyRead;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
    /**
     * The key's fields in Polar's order, the customer's email and name in place of the customer
     * object, without the deprecated user fields.
     */
    private static final List<Column> COLUMNS = columns();

    private record Column(String name, Function<LicenseKeyRead, Object> value) {}

    private static List<Column> columns() {
      List<Column> columns = new ArrayList<>();
      for (KeyField f : KeyField.values()) {
        switch (f) {
          case CUSTOMER -> {
            columns.add(new Column("customer_email", k -> k.customer().email()));
            columns.add(new Column("customer_name", k -> k.customer().name()));
          }
          case USER_ID, USER -> {}
          default -> columns.add(new Column(f.field().jsonName(), f.field()::valueIn));
        }
      }
      return List.copyOf(columns);
    }

    private final SequenceWriter rows;

    Csv(OutputStream out) throws IOException {
      CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
      for (Column column : COLUMNS) {
        schema.addColumn(column.name());
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
      Object[] row = new Object[COLUMNS.size()];
      for (int i = 0; i < row.length; i++) {
        Object value = COLUMNS.get(i).value().apply(k);
        // Numbers stay numbers; UUIDs, timestamps and enumeration values are written as their text.
        row[i] = value == null || value instanceof Number ? value : value.toString();
      }
      rows.write(row);
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
