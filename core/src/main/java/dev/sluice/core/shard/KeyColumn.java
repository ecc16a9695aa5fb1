package dev.sluice.core.shard;

import static dev.sluice.core.ExportException.Reason.CONFIGURATION;

import dev.sluice.core.ExportException;
import dev.sluice.core.source.jdbc.Dialect;
import dev.sluice.core.source.jdbc.Identifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Set;

/**
 * The column shards are ranges of, found in the result of the query or table: its name as SQL, and
 * whether its type has an order to split by.
 *
 * @param given the name as the user gave it
 * @param sql the column's name quoted for the database
 * @param typeName the database's name for its type, for messages
 * @param numeric whether its values are numbers (written as bare literals)
 */
record KeyColumn(String given, String sql, String typeName, boolean numeric) {
  /** Types with an order that is not worth splitting by, or none at all, whatever JDBC says. */
  private static final Set<String> UNSORTABLE_NAMES =
      Set.of("json", "jsonb", "xml", "bytea", "bool", "boolean", "bit", "varbit", "tsvector");

  /**
   * Looks {@code column} up among the columns of {@code from} (SQL for a FROM clause).
   *
   * @throws ExportException {@code CONFIGURATION} if there is no such column or its type cannot be
   *     split into ranges
   */
  static KeyColumn resolve(Connection c, Dialect dialect, String from, String what, String column)
      throws ExportException, SQLException {
    var meta = c.getMetaData();
    String wanted;
    try {
      var parts = Identifier.parts(column, meta);
      if (parts.size() != 1) {
        throw new ExportException(
            CONFIGURATION,
            "--shard-by " + column + ": name a column of the result, without a table or schema");
      }
      wanted = parts.getFirst();
    } catch (IllegalArgumentException e) {
      throw new ExportException(CONFIGURATION, "--shard-by " + column + ": " + e.getMessage(), e);
    }
    try (var s = c.createStatement();
        var rs = s.executeQuery("SELECT * FROM " + from + " WHERE 1=0")) {
      var md = rs.getMetaData();
      int found = -1;
      var names = new ArrayList<String>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        var label = md.getColumnLabel(i);
        names.add(label);
        if (label.equals(wanted)) {
          found = i;
        }
      }
      if (found < 0) {
        for (int i = 1; i <= md.getColumnCount(); i++) {
          if (md.getColumnLabel(i).equalsIgnoreCase(wanted)) {
            if (found > 0) {
              found = -2; // Two columns differ only in case: the user must say which.
              break;
            }
            found = i;
          }
        }
      }
      if (found < 0) {
        throw new ExportException(
            CONFIGURATION,
            "--shard-by "
                + column
                + ": "
                + what
                + " has no column "
                + column
                + (found == -2 ? " in that case (quote it: \"Name\")" : "")
                + " (its columns: "
                + String.join(", ", names)
                + ")");
      }
      var label = md.getColumnLabel(found);
      int type = md.getColumnType(found);
      var typeName = String.valueOf(md.getColumnTypeName(found));
      var kind = kind(dialect, type, typeName);
      if (kind == Kind.NONE) {
        throw new ExportException(
            CONFIGURATION,
            "--shard-by "
                + column
                + ": column "
                + label
                + " is "
                + typeName.toLowerCase(Locale.ROOT)
                + ", which has no order to split into ranges by; choose a numeric, date/time or"
                + " text column");
      }
      var quoted = Identifier.quote("\"" + label.replace("\"", "\"\"") + "\"", meta);
      return new KeyColumn(column, quoted, typeName, kind == Kind.NUMBER);
    }
  }

  private enum Kind {
    NUMBER,
    OTHER,
    NONE
  }

  private static Kind kind(Dialect dialect, int type, String typeName) {
    if (UNSORTABLE_NAMES.contains(typeName.toLowerCase(Locale.ROOT))) {
      return Kind.NONE;
    }
    return switch (type) {
      case Types.TINYINT,
          Types.SMALLINT,
          Types.INTEGER,
          Types.BIGINT,
          Types.REAL,
          Types.FLOAT,
          Types.DOUBLE,
          Types.NUMERIC,
          Types.DECIMAL ->
          Kind.NUMBER;
      case Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.DATE,
          Types.TIME,
          Types.TIMESTAMP,
          Types.TIME_WITH_TIMEZONE,
          Types.TIMESTAMP_WITH_TIMEZONE ->
          Kind.OTHER;
      // PostgreSQL's uuid, enums and other types it orders reach JDBC as OTHER or DISTINCT.
      case Types.OTHER, Types.DISTINCT -> dialect == Dialect.POSTGRESQL ? Kind.OTHER : Kind.NONE;
      default -> Kind.NONE;
    };
  }
}
