package dev.sluice.core.format;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Where an encoder's rows come from: a ResultSet, or PostgreSQL's COPY text ({@link PgCopyRows}).
 * The encoder calls {@link #next} and then {@link #read} once per column, in column order.
 */
abstract class Rows {
  /** Moves to the next row; false at the end. */
  abstract boolean next() throws SQLException;

  /** Reads column {@code i} (1-based) of the current row into {@code cell}; false if NULL. */
  abstract boolean read(Cell cell, int i) throws SQLException;

  static Rows of(ResultSet rs) {
    return new Rows() {
      @Override
      boolean next() throws SQLException {
        return rs.next();
      }

      @Override
      boolean read(Cell cell, int i) throws SQLException {
        return cell.read(rs, i);
      }
    };
  }
}
