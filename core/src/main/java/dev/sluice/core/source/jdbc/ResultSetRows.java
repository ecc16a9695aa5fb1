package dev.sluice.core.source.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

/** The rows of a forward-only ResultSet, each column read by its {@link Cell}. */
final class ResultSetRows extends JdbcRows {
  private final ResultSet rs;
  private final Cell[] cells;

  ResultSetRows(ResultSet rs, Columns columns, Failure failure) {
    super(columns, failure);
    this.rs = rs;
    this.cells = columns.cells();
  }

  @Override
  boolean advance() throws SQLException {
    if (!rs.next()) {
      return false;
    }
    Cell[] cells = this.cells;
    for (int i = 0; i < cells.length; i++) {
      cells[i].read(rs, i + 1);
    }
    return true;
  }
}
