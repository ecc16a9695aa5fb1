package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Column;
import dev.sluice.core.source.Kind;
import dev.sluice.core.source.Value;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns of a result with the cell chosen for each, read from the metadata once. A name that
 * repeats an earlier one ({@code SELECT a.id, b.id}) gets a suffix, {@code id_2}, so JSON objects
 * never carry duplicate keys.
 */
record Columns(List<Column> list, Cell[] cells) {
  static Columns of(Dialect dialect, ResultSet rs) throws SQLException {
    return of(dialect, rs.getMetaData());
  }

  static Columns of(Dialect dialect, ResultSetMetaData md) throws SQLException {
    int n = md.getColumnCount();
    List<Column> list = new ArrayList<>(n);
    Cell[] cells = dialect == Dialect.POSTGRESQL ? postgres(md) : new Cell[n];
    Set<String> seen = new HashSet<>();
    for (int i = 1; i <= n; i++) {
      if (cells[i - 1] == null) {
        cells[i - 1] = TypeMap.cell(dialect, md, i);
      }
      String label = md.getColumnLabel(i);
      String name = label;
      for (int k = 2; !seen.add(name); k++) {
        name = label + "_" + k;
      }
      var kind = cells[i - 1].value.kind();
      // Only a decimal's precision matters to a format (Parquet's DECIMAL(p,s)).
      boolean decimal = kind == Kind.DECIMAL;
      list.add(
          new Column(
              name,
              md.getColumnTypeName(i),
              kind,
              decimal ? precision(md, i) : 0,
              decimal ? Math.max(0, md.getScale(i)) : 0));
    }
    return new Columns(List.copyOf(list), cells);
  }

  /**
   * The declared precision, or 0 when the type declares none: pgjdbc reports an unconstrained
   * {@code numeric} as precision 0 (older versions 131089, PostgreSQL's limit), H2 a {@code
   * NUMERIC} without one as 100000.
   */
  private static int precision(ResultSetMetaData md, int i) throws SQLException {
    int p = md.getPrecision(i);
    return p <= 0 || p >= 1000 ? 0 : p;
  }

  /** Each cell's value, in column order. */
  Value[] values() {
    Value[] values = new Value[cells.length];
    for (int i = 0; i < cells.length; i++) {
      values[i] = cells[i].value;
    }
    return values;
  }

  /** Whether every cell reads only text-format bytes, so PostgreSQL's COPY text can feed it. */
  boolean takeText() {
    if (cells.length == 0) {
      return false;
    }
    for (Cell cell : cells) {
      if (!cell.takesText()) {
        return false;
      }
    }
    return true;
  }

  /** PostgreSQL's fast cells, or none when pgjdbc is not the driver behind the result. */
  private static Cell[] postgres(ResultSetMetaData md) throws SQLException {
    try {
      return PgCells.cells(md);
    } catch (LinkageError e) {
      // pgjdbc is not on the class path: a PostgreSQL result through another driver.
      return new Cell[md.getColumnCount()];
    }
  }
}
