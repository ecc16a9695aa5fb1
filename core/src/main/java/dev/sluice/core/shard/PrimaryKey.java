package dev.sluice.core.shard;

import static dev.sluice.core.ExportException.Reason.CONFIGURATION;

import dev.sluice.core.ExportException;
import dev.sluice.core.source.jdbc.Dialect;
import dev.sluice.core.source.jdbc.Identifier;
import java.sql.Connection;
import java.sql.SQLException;

/** The primary key of a table, for splitting a table by key when no column was named. */
final class PrimaryKey {
  private PrimaryKey() {}

  /**
   * The first column of {@code table}'s primary key, as a quoted name ({@code "id"}), so that it is
   * found as the database stores it.
   *
   * @throws ExportException {@code CONFIGURATION} if the table has no primary key
   */
  static String firstColumn(Connection c, Dialect dialect, String table)
      throws SQLException, ExportException {
    var meta = c.getMetaData();
    java.util.List<String> parts;
    try {
      parts = Identifier.parts(table, meta);
    } catch (IllegalArgumentException e) {
      throw new ExportException(CONFIGURATION, e.getMessage(), e);
    }
    var name = parts.getLast();
    var schema = parts.size() > 1 ? parts.get(parts.size() - 2) : null;
    var keys =
        dialect == Dialect.MARIADB
            ? meta.getPrimaryKeys(schema != null ? schema : c.getCatalog(), null, name)
            : meta.getPrimaryKeys(null, schema, name);
    String first = null;
    try (keys) {
      while (keys.next()) {
        if (keys.getInt("KEY_SEQ") == 1) {
          first = keys.getString("COLUMN_NAME");
        }
      }
    }
    if (first == null) {
      throw new ExportException(
          CONFIGURATION,
          "--table "
              + table
              + " has no primary key to split it by; name a column: --shard-by <column>");
    }
    return "\"" + first.replace("\"", "\"\"") + "\"";
  }
}
