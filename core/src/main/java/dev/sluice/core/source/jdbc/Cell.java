package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Kind;
import dev.sluice.core.source.Value;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How one column's values are read from the current row into its {@link Value}: which getter, per
 * database, and what normalising the value needs before any format sees it. Chosen once per column
 * by {@link TypeMap}; owns the column's value (one row in memory), so each result has its own
 * cells.
 */
abstract class Cell {
  final Value value;

  Cell(Kind kind) {
    this.value = new Value(kind);
  }

  /** Reads column {@code i} (1-based) of the current row into {@link #value}, NULL included. */
  abstract void read(ResultSet rs, int i) throws SQLException;

  /**
   * Whether the cell reads nothing but the value's text-format bytes ({@code getBytes} on a
   * PostgreSQL text-format column), so {@link #take} can stand in for {@link #read}.
   */
  boolean takesText() {
    return false;
  }

  /**
   * Whether {@link #take} keeps the bytes as they are, as the value's text ({@link
   * dev.sluice.core.source.Value.Form#TEXT}): the column's value is then the server's text output.
   */
  boolean verbatim() {
    return false;
  }

  /**
   * Takes the value from its text-format bytes {@code b[off, off + len)}, not NULL, as {@link
   * #read} would have read them. The bytes are valid until the next row. Only for cells whose
   * {@link #takesText} is true.
   */
  void take(byte[] b, int off, int len) {
    throw new UnsupportedOperationException(value.kind().label());
  }
}
