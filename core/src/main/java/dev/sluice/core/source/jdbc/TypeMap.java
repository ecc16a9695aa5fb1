package dev.sluice.core.source.jdbc;

import dev.sluice.core.source.Kind;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/**
 * Picks the {@link Cell} for each column from the result's metadata and the dialect: the written
 * type mapping of {@code docs/types.md}, in code.
 */
final class TypeMap {
  private TypeMap() {}

  static Cell cell(Dialect dialect, ResultSetMetaData md, int i) throws SQLException {
    int type = md.getColumnType(i);
    String name = typeName(md, i);
    if (dialect == Dialect.SQLITE) {
      return SqliteCells.cell(name);
    }
    if (dialect == Dialect.MARIADB) {
      Cell cell = mariadb(name, type);
      if (cell != null) {
        return cell;
      }
    }
    switch (name) {
      case "json", "jsonb" -> {
        return new GenericCells.Text(Kind.JSON);
      }
      case "uuid" -> {
        return new GenericCells.Text(Kind.UUID);
      }
      case "interval" -> {
        if (dialect == Dialect.POSTGRESQL) {
          return new PgInterval();
        }
      }
      case "timestamptz", "timestamp with time zone" -> {
        return TemporalCells.timestampTz();
      }
      case "timetz", "time with time zone" -> {
        return TemporalCells.timeTz();
      }
      case "money", "varbit" -> {
        // PostgreSQL money is locale-formatted text ($1,234.50) pgjdbc cannot always parse.
        return new GenericCells.Text(Kind.STRING);
      }
      case "bit" -> {
        if (dialect == Dialect.POSTGRESQL && md.getPrecision(i) != 1) {
          return new GenericCells.Text(Kind.STRING); // A bit string: 10101010.
        }
      }
      case "year" -> {
        return new GenericCells.Int(); // MariaDB YEAR, which JDBC calls a DATE.
      }
      default -> {
        // Fall through to the JDBC type.
      }
    }
    return switch (type) {
      case Types.BIT, Types.BOOLEAN ->
          md.getPrecision(i) > 1 && dialect == Dialect.MARIADB
              ? new GenericCells.Binary() // MariaDB BIT(n): the bits as bytes.
              : new GenericCells.Bool();
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> new GenericCells.Int();
      case Types.BIGINT ->
          md.isSigned(i)
              ? new GenericCells.Int()
              : new GenericCells.Decimal(Kind.INTEGER); // Unsigned 64-bit exceeds a long.
      case Types.REAL -> new GenericCells.Float32();
      case Types.FLOAT, Types.DOUBLE ->
          dialect == Dialect.MARIADB && name.startsWith("float")
              ? new GenericCells.Float32()
              : new GenericCells.Float64();
      case Types.NUMERIC, Types.DECIMAL -> new GenericCells.Decimal(Kind.DECIMAL);
      case Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.CLOB,
          Types.NCLOB ->
          new GenericCells.Text(Kind.STRING);
      case Types.DATE -> TemporalCells.date();
      case Types.TIME ->
          dialect == Dialect.MARIADB
              ? new TemporalCells.TimeText() // MariaDB TIME spans -838:59:59 to 838:59:59.
              : TemporalCells.time();
      case Types.TIME_WITH_TIMEZONE -> TemporalCells.timeTz();
      case Types.TIMESTAMP -> TemporalCells.timestamp();
      case Types.TIMESTAMP_WITH_TIMEZONE -> TemporalCells.timestampTz();
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
          new GenericCells.Binary();
      case Types.ARRAY -> new GenericCells.Arr(name);
      // PostgreSQL's other types (inet, ranges, geometry, hstore, tsvector, ...): the server's
      // own text, rather than what pgjdbc's PGobject makes of it.
      default ->
          dialect == Dialect.POSTGRESQL
              ? new GenericCells.Text(Kind.STRING)
              : new GenericCells.Dynamic();
    };
  }

  /**
   * MariaDB's cells that read the text protocol's bytes or text instead of converting: strings and
   * JSON through {@code getBytes} (no String), decimals through {@code getString} (the server's
   * plain digits, no BigDecimal). Null for the rest.
   */
  private static Cell mariadb(String name, int type) {
    return switch (name) {
      case "json" -> new TextCells.Raw(Kind.JSON);
      case "varchar", "char", "text", "tinytext", "mediumtext", "longtext" ->
          type == Types.BINARY || type == Types.VARBINARY ? null : new TextCells.Raw(Kind.STRING);
      case "decimal", "decimal unsigned", "bigint unsigned" ->
          new GenericCells.Text(name.startsWith("bigint") ? Kind.INTEGER : Kind.DECIMAL);
      default -> null;
    };
  }

  private static String typeName(ResultSetMetaData md, int i) throws SQLException {
    String name = md.getColumnTypeName(i);
    return name == null ? "" : name.toLowerCase(Locale.ROOT);
  }
}
