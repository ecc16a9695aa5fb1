package dev.sluice.core.format;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

/**
 * NDJSON (one object per line) and JSON (an array of objects, one per line). Keys are the column
 * names in column order, rendered once as bytes.
 */
final class JsonRowEncoder implements RowEncoder {
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private final Rows source;
  private final List<Column> columns;
  private final Cell[] cells;
  /** For each column, {@code "name":} (with a leading comma after the first), as UTF-8. */
  private final byte[][] keys;
  private final ByteWriter w;
  private final boolean array;
  private long rows;

  JsonRowEncoder(Rows source, Columns columns, ByteWriter w, boolean array) throws IOException {
    this.source = source;
    this.columns = columns.list();
    this.cells = columns.cells();
    this.w = w;
    this.array = array;
    this.keys = new byte[cells.length][];
    ByteWriter key = ByteWriter.growing();
    for (int i = 0; i < cells.length; i++) {
      key.reset();
      key.write((byte) (i == 0 ? '{' : ','));
      key.jsonString(this.columns.get(i).name());
      key.write((byte) ':');
      keys[i] = java.util.Arrays.copyOf(key.buf, key.pos);
    }
  }

  @Override
  public List<Column> columns() {
    return columns;
  }

  @Override
  public void begin() throws IOException {
    if (array) {
      w.write((byte) '[');
    }
  }

  @Override
  public boolean next() throws SQLException, IOException {
    if (!source.next()) {
      return false;
    }
    ByteWriter w = this.w;
    if (array) {
      w.write((byte) (rows == 0 ? '\n' : ','));
      if (rows != 0) {
        w.write((byte) '\n');
      }
    }
    Cell[] cells = this.cells;
    for (int i = 0; i < cells.length; i++) {
      w.write(keys[i]);
      Cell cell = cells[i];
      if (source.read(cell, i + 1)) {
        cell.json(w);
      } else {
        w.write(NULL);
      }
    }
    if (cells.length == 0) {
      w.write((byte) '{');
    }
    w.write((byte) '}');
    if (!array) {
      w.write((byte) '\n');
    }
    rows++;
    return true;
  }

  @Override
  public void end() throws IOException {
    if (array) {
      if (rows > 0) {
        w.write((byte) '\n');
      }
      w.write((byte) ']');
      w.write((byte) '\n');
    }
    w.flush();
  }
}
