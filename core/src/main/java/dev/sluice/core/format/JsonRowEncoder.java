package dev.sluice.core.format;

import dev.sluice.core.source.Column;
import dev.sluice.core.source.Rows;
import dev.sluice.core.source.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * NDJSON (one object per line) and JSON (an array of objects, one per line). Keys are the column
 * names in column order, rendered once as bytes.
 */
final class JsonRowEncoder implements RowEncoder {
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private final Value[] values;
  private final Field[] fields;

  /** For each column, {@code "name":} (with a leading comma after the first), as UTF-8. */
  private final byte[][] keys;

  private final ByteWriter w;
  private final boolean array;
  private long rows;

  JsonRowEncoder(Rows rows, ByteWriter w, boolean array) {
    List<Column> columns = rows.columns();
    int n = columns.size();
    this.values = new Value[n];
    this.fields = new Field[n];
    this.keys = new byte[n][];
    this.w = w;
    this.array = array;
    ByteWriter key = ByteWriter.growing();
    for (int i = 0; i < n; i++) {
      values[i] = rows.value(i);
      fields[i] = Field.of(values[i].kind());
      key.reset();
      try {
        key.write((byte) (i == 0 ? '{' : ','));
        key.jsonString(columns.get(i).name());
        key.write((byte) ':');
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e); // A growing writer has no stream to fail.
      }
      keys[i] = Arrays.copyOf(key.buf, key.pos);
    }
  }

  @Override
  public void begin() throws IOException {
    if (array) {
      w.write((byte) '[');
    }
  }

  @Override
  public void write() throws IOException {
    ByteWriter w = this.w;
    if (array) {
      w.write((byte) (rows == 0 ? '\n' : ','));
      if (rows != 0) {
        w.write((byte) '\n');
      }
    }
    Value[] values = this.values;
    Field[] fields = this.fields;
    for (int i = 0; i < values.length; i++) {
      w.write(keys[i]);
      Value v = values[i];
      if (v.isNull()) {
        w.write(NULL);
      } else {
        fields[i].json(v, w);
      }
    }
    if (values.length == 0) {
      w.write((byte) '{');
    }
    w.write((byte) '}');
    if (!array) {
      w.write((byte) '\n');
    }
    rows++;
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
