package dev.sluice.core.source;

import dev.sluice.core.ExportException;
import java.util.List;

/**
 * The rows of an executed {@link Cursor}, one at a time, forward-only: the seam between reading
 * rows and writing bytes. A format reads the columns once, takes each column's {@link Value} once,
 * and then, after every {@link #next()} that returns true, reads the current row from those values.
 *
 * <p>Only one row is ever in memory: {@link #next()} fills the same {@link Value} objects again, so
 * a value read before it is gone after it, and nothing a value handed out (bytes, strings, objects)
 * may be kept past the next call. Rows are never collected.
 *
 * <p>Not safe for use by more than one thread: the producer thread owns it. {@link Cursor#cancel()}
 * and {@link Cursor#close()} from another thread make a blocked {@link #next()} fail.
 */
public abstract class Rows {
  private final List<Column> columns;
  private final Value[] values;

  /**
   * Rows of {@code columns}, whose current values the subclass fills into {@code values} (one per
   * column, in column order, of each column's kind).
   */
  protected Rows(List<Column> columns, Value[] values) {
    if (columns.size() != values.length) {
      throw new IllegalArgumentException(
          "columns.size() != values.length: " + columns.size() + " != " + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      if (!values[i].kind().label().equals(columns.get(i).outputType())) {
        throw new IllegalArgumentException(
            "column "
                + i
                + " is "
                + columns.get(i).outputType()
                + " but its value is "
                + values[i].kind().label());
      }
    }
    this.columns = List.copyOf(columns);
    this.values = values.clone();
  }

  /** The columns, in order; names are unique ({@code id}, {@code id_2}). */
  public final List<Column> columns() {
    return columns;
  }

  /** The value of column {@code i} (0-based): the same object for every row. */
  public final Value value(int i) {
    return values[i];
  }

  /**
   * Moves to the next row and fills every column's {@link Value} with it; false at the end of the
   * rows, after which the values are undefined.
   *
   * @throws ExportException {@code SOURCE} when the source fails mid-stream (the message says after
   *     how many rows), {@code INTERRUPTED} when the cursor was cancelled.
   */
  public abstract boolean next() throws ExportException;

  /**
   * The current row's columns as CSV fields of {@code dialect}, quoted already, when these rows can
   * supply them ({@link Cursor#csv}); null when they cannot, as by default. The same object for
   * every row.
   */
  public CsvFields csvFields(CsvDialect dialect) {
    return null;
  }
}
