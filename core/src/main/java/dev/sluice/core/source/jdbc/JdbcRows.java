package dev.sluice.core.source.jdbc;

import dev.sluice.core.ExportException;
import dev.sluice.core.source.Rows;
import java.sql.SQLException;

/**
 * The rows of a JDBC result: counts them, and turns a driver's failure into an {@link
 * ExportException} that says after how many rows it came.
 */
abstract class JdbcRows extends Rows {
  /** How a driver's failure after {@code rows} rows is reported. */
  interface Failure {
    ExportException of(SQLException e, long rows);
  }

  private final Failure failure;

  /** Rows read so far; only the thread in {@link #next()} writes it. */
  private long count;

  /** True once every row was read. */
  private volatile boolean exhausted;

  JdbcRows(Columns columns, Failure failure) {
    super(columns.list(), columns.values());
    this.failure = failure;
  }

  @Override
  public final boolean next() throws ExportException {
    try {
      if (advance()) {
        count++;
        return true;
      }
      exhausted = true;
      return false;
    } catch (SQLException e) {
      throw failure.of(e, count);
    }
  }

  /** Moves to the next row and reads every column into its value; false at the end. */
  abstract boolean advance() throws SQLException;

  /** The rows read so far. */
  final long count() {
    return count;
  }

  /** Whether {@link #next()} has returned false. */
  final boolean exhausted() {
    return exhausted;
  }
}
