package dev.sluice.core.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

/** RFC 4180 CSV: an optional header of column names, then one line per row. */
final class CsvRowEncoder implements RowEncoder {
  private final Rows source;
  private final List<Column> columns;
  private final Cell[] cells;
  private final CsvWriter csv;
  private final ByteWriter w;
  private final boolean header;
  private final byte[] lineEnding;

  CsvRowEncoder(Rows source, Columns columns, ByteWriter w, FormatOptions options) {
    this.source = source;
    this.columns = columns.list();
    this.cells = columns.cells();
    this.w = w;
    this.csv = new CsvWriter(w, options);
    this.header = options.csvHeader();
    this.lineEnding = options.lineEnding().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public List<Column> columns() {
    return columns;
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
  public boolean next() throws SQLException, IOException {
    if (!source.next()) {
      return false;
    }
    Cell[] cells = this.cells;
    CsvWriter csv = this.csv;
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        csv.delimiter();
      }
      Cell cell = cells[i];
      if (source.read(cell, i + 1)) {
        cell.csv(csv);
      } else {
        csv.nul();
      }
    }
    w.write(lineEnding);
    return true;
  }

  @Override
  public void end() throws IOException {
    w.flush();
  }
}
