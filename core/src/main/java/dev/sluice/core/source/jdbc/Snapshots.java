package dev.sluice.core.source.jdbc;

import static dev.sluice.core.ExportException.Reason.SOURCE;

import dev.sluice.core.ExportException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/** Joining a PostgreSQL snapshot that another transaction exported with pg_export_snapshot(). */
final class Snapshots {
  /** PostgreSQL's snapshot ids: hex virtual transaction id and a counter, {@code 00000003-1B-1}. */
  private static final Pattern ID =
      Pattern.compile("[0-9A-Fa-f]{1,16}-[0-9A-Fa-f]{1,16}-[0-9]{1,10}");

  private Snapshots() {}

  /** {@code id}, checked, since it is pasted into SQL. */
  static String checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a PostgreSQL snapshot id: " + id);
    }
    return id;
  }

  /**
   * Makes the transaction {@code c} is about to begin a REPEATABLE READ one reading snapshot {@code
   * id}. {@code SET TRANSACTION SNAPSHOT} must be the transaction's first statement, so this runs
   * before anything else on the connection (autocommit is already off).
   */
  static void join(Connection c, Dialect dialect, String id) throws SQLException, ExportException {
    if (dialect != Dialect.POSTGRESQL) {
      throw new IllegalStateException("snapshot on " + dialect);
    }
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try (Statement s = c.createStatement()) {
      s.execute("SET TRANSACTION SNAPSHOT '" + checkId(id) + "'");
    } catch (SQLException e) {
      if ("22023".equals(e.getSQLState())) {
        throw new ExportException(
            SOURCE,
            "snapshot "
                + id
                + " cannot be read: "
                + SqlFailure.oneLine(e)
                + " (the transaction that exported it has ended: the coordinator stopped or"
                + " timed out; plan the export again)",
            e);
      }
      throw e;
    }
  }
}
