package dev.sluice.core.format;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How one column's values are read from the current row and written. Chosen once per column by
 * {@link TypeMap}; holds the value last read (one row in memory), so each encoder has its own.
 * The encoders handle NULL: {@link #json} and {@link #csv} only see values.
 */
abstract class Cell {
  /** The output type name for {@link Column#outputType()}. */
  final String outputType;

  Cell(String outputType) {
    this.outputType = outputType;
  }

  /** Reads column {@code i} (1-based) of the current row; false if it is NULL. */
  abstract boolean read(ResultSet rs, int i) throws SQLException;

  /**
   * Whether the cell reads nothing but the value's text-format bytes ({@code getBytes} on a
   * PostgreSQL text-format column), so {@link #take} can stand in for {@link #read}.
   */
  boolean takesText() {
    return false;
  }

  /**
   * Takes the value from its text-format bytes, {@code null} for NULL, as {@link #read} would
   * have read them; false if it is NULL. Only for cells whose {@link #takesText} is true.
   */
  boolean take(byte[] text) {
    throw new UnsupportedOperationException(outputType);
  }

  /** Writes the value last read as one JSON value. */
  abstract void json(ByteWriter w) throws IOException;

  /** Writes the value last read as one CSV field. */
  abstract void csv(CsvWriter w) throws IOException;

  /**
   * A value whose text is a JSON string but never needs CSV quoting (dates, times, UUIDs,
   * intervals, base64): {@link #text} writes it bare, the JSON form adds the quotes.
   */
  abstract static class Bare extends Cell {
    Bare(String outputType) {
      super(outputType);
    }

    abstract void text(ByteWriter w) throws IOException;

    @Override
    final void json(ByteWriter w) throws IOException {
      w.write((byte) '"');
      text(w);
      w.write((byte) '"');
    }

    @Override
    void csv(CsvWriter w) throws IOException {
      text(w.out);
    }
  }

  /** Writes a double the way every float column does: NaN and the infinities as JSON strings. */
  static void jsonDouble(ByteWriter w, double d, String text) throws IOException {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      w.write((byte) '"');
      w.ascii(text);
      w.write((byte) '"');
    } else {
      w.ascii(text);
    }
  }
}
