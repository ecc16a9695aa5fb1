package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The columns of a query's result, read without running the query or reading a row, chosen by
 * {@link Columns} as an export chooses them, so they are the columns an export writes. How each
 * driver describes a query it has not run:
 *
 * <ul>
 *   <li>PostgreSQL: {@code SELECT * FROM (query) q LIMIT 0}, the statement an export runs itself to
 *       decide on COPY. Its Limit node returns before it asks the plan below for a row, so nothing
 *       is scanned or sorted. A statement that cannot be wrapped ({@code SHOW}) is described
 *       instead: pgjdbc's {@code PreparedStatement.getMetaData()} sends Parse and Describe without
 *       Execute. (Not first, because a prepared statement takes every {@code ?} for a parameter,
 *       and jsonb's {@code ?} operators would not parse.)
 *   <li>MariaDB and MySQL: {@code PreparedStatement.getMetaData()}, which Connector/J answers with
 *       a server-side COM_STMT_PREPARE: the server returns the result's column definitions and runs
 *       nothing. (A {@code LIMIT 0} wrapper is no good here: MariaDB may fill a derived table
 *       before it looks at the limit.)
 *   <li>SQLite and H2: {@code PreparedStatement.getMetaData()}, which both answer from the compiled
 *       statement ({@code sqlite3_prepare}, H2's parsed query) without stepping it.
 *   <li>Any other driver: the prepared statement's metadata when the driver has it before
 *       execution, else {@code SELECT * FROM (query) q WHERE 1=0}.
 * </ul>
 */
final class QueryColumns {
  private QueryColumns() {}

  /**
   * The columns of {@code sql}'s result on {@code c}, which is in a read-only transaction.
   *
   * @throws SQLException the database's error for a query it cannot prepare (bad SQL, an unknown
   *     table), as running it would report it
   */
  static List<Column> of(Connection c, String sql, Dialect dialect) throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      try {
        return limitZero(c, sql, dialect, "SELECT * FROM (\n%s\n) q LIMIT 0");
      } catch (SQLException e) {
        // The failed statement aborted the transaction; the query itself may still describe.
        c.rollback();
      }
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ResultSetMetaData md = ps.getMetaData();
      if (md != null) {
        return Columns.of(dialect, md).list();
      }
    }
    return limitZero(c, sql, dialect, "SELECT * FROM (\n%s\n) q WHERE 1=0");
  }

  private static List<Column> limitZero(Connection c, String sql, Dialect dialect, String wrapper)
      throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(wrapper.formatted(stripSemicolons(sql)))) {
      return Columns.of(dialect, rs.getMetaData()).list();
    }
  }

  private static String stripSemicolons(String sql) {
    int end = sql.length();
    while (end > 0 && (sql.charAt(end - 1) == ';' || Character.isWhitespace(sql.charAt(end - 1)))) {
      end--;
    }
    return sql.substring(0, end);
  }
}
