package dev.sluice.core.format;

import dev.sluice.core.source.Column;
import dev.sluice.core.source.Rows;
import dev.sluice.core.source.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** RFC 4180 CSV: an optional header of column names, then one line per row. */
final class CsvRowEncoder implements RowEncoder {
  private final List<Column> columns;
  private final Value[] values;
  private final Field[] fields;
  private final CsvWriter csv;
  private final ByteWriter w;
  private final boolean header;
  private final byte[] lineEnding;

  CsvRowEncoder(Rows rows, ByteWriter w, FormatOptions options) {
    this.columns = rows.columns();
    int n = columns.size();
    this.values = new Value[n];
    this.fields = new Field[n];
    for (int i = 0; i < n; i++) {
      values[i] = rows.value(i);
      fields[i] = Field.of(values[i].kind());
    }
    this.w = w;
    this.csv = new CsvWriter(w, options);
    this.header = options.csvHeader();
    this.lineEnding = options.lineEnding().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void begin() throws IOException {
    if (header) {
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          csv.delimiter();
        }
        csv.field(columns.get(i).name());
      }
      w.write(lineEnding);
    }
  }

  @Override
  public void write() throws IOException {
    Value[] values = this.values;
    Field[] fields = this.fields;
    CsvWriter csv = this.csv;
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        csv.delimiter();
      }
      Value v = values[i];
      if (v.isNull()) {
        csv.nul();
      } else {
        fields[i].csv(v, csv);
      }
    }
    w.write(lineEnding);
  }

  @Override
  public void end() throws IOException {
    w.flush();
  }
}
