package dev.sluice.core.shard;

import static dev.sluice.core.ExportException.Reason.CONFIGURATION;

import dev.sluice.core.ExportException;
import dev.sluice.core.source.jdbc.Dialect;
import dev.sluice.core.source.jdbc.Identifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * What the database's statistics say about the rows to split, to decide how large a sample to take
 * and, for a PostgreSQL table, its blocks.
 *
 * @param rows the estimated rows, or -1 when unknown (then every key is read)
 * @param blocks a PostgreSQL table's size in blocks, or -1
 * @param rowsPerBlock the statistics' rows per block, or -1 when unknown
 * @param ctid whether the rows are a PostgreSQL table (or materialised view) read by block
 */
record Stats(long rows, long blocks, double rowsPerBlock, boolean ctid) {
  static final Stats NONE = new Stats(-1, -1, -1, false);

  private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.eE+]+)");

  /**
   * @param tableSql the table's name quoted for SQL
   * @param table the table's name as given
   * @throws ExportException {@code CONFIGURATION} if PostgreSQL has no such table
   */
  static Stats of(Connection c, Dialect dialect, String tableSql, String table)
      throws SQLException, ExportException {
    switch (dialect) {
      case POSTGRESQL -> {
        try (var s =
            c.prepareStatement(
                "SELECT c.relkind::text, c.reltuples::float8, c.relpages::bigint,"
                    + " pg_relation_size(c.oid) / current_setting('block_size')::bigint"
                    + " FROM pg_class c WHERE c.oid = to_regclass(?)")) {
          s.setString(1, tableSql);
          try (var rs = s.executeQuery()) {
            if (!rs.next()) {
              throw new ExportException(
                  CONFIGURATION, "--table " + table + ": no such table or view");
            }
            var kind = rs.getString(1);
            double tuples = rs.getDouble(2);
            long pages = rs.getLong(3);
            long blocks = rs.getLong(4);
            // reltuples is -1 before the first VACUUM or ANALYZE: guess from the size then.
            double perBlock = tuples >= 0 && pages > 0 ? tuples / pages : -1;
            long rows =
                perBlock >= 0
                    ? Math.round(perBlock * blocks)
                    : tuples >= 0 ? (long) tuples : blocks * 100;
            boolean heap = kind.equals("r") || kind.equals("m");
            return new Stats(rows, blocks, perBlock, heap);
          }
        }
      }
      case MARIADB -> {
        var parts = Identifier.parts(table, c.getMetaData());
        try (var s =
            c.prepareStatement(
                "SELECT table_rows FROM information_schema.tables"
                    + " WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?")) {
          s.setString(1, parts.size() > 1 ? parts.get(parts.size() - 2) : null);
          s.setString(2, parts.getLast());
          try (var rs = s.executeQuery()) {
            long rows = rs.next() ? rs.getLong(1) : -1;
            return new Stats(rs.wasNull() ? -1 : rows, -1, -1, false);
          }
        }
      }
      default -> {
        return NONE;
      }
    }
  }

  /** PostgreSQL's estimate of a query's rows, from its plan. */
  static Stats ofQuery(Connection c, String query) throws SQLException {
    try (var s = c.createStatement();
        var rs = s.executeQuery("EXPLAIN (FORMAT JSON) " + query)) {
      var text = new StringBuilder();
      while (rs.next()) {
        text.append(rs.getString(1));
      }
      var m = PLAN_ROWS.matcher(text);
      return m.find() ? new Stats((long) Double.parseDouble(m.group(1)), -1, -1, false) : NONE;
    }
  }
}
