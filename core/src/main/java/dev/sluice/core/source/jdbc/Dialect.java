package dev.sluice.core.source.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The database product behind a connection, for the places where JDBC's portable view is not
 * enough: how a driver streams, and how its types map to output (PostgreSQL jsonb, arrays and
 * intervals; MariaDB JSON, which JDBC reports as LONGTEXT; SQLite's per-value types).
 */
public enum Dialect {
  POSTGRESQL,
  /** MariaDB and MySQL. */
  MARIADB,
  SQLITE,
  H2,
  /** Any other JDBC database: only the portable JDBC types are mapped. */
  GENERIC;

  /** The dialect of a connection, from its product name. */
  public static Dialect of(DatabaseMetaData metaData) throws SQLException {
    return ofProductName(metaData.getDatabaseProductName());
  }

  /**
   * The dialect for a product name ({@code DatabaseMetaData.getDatabaseProductName()}) or a JDBC
   * URL ({@code jdbc:postgresql://...}); {@link #GENERIC} for anything else, including null.
   */
  public static Dialect ofProductName(String productNameOrUrl) {
    if (productNameOrUrl == null) {
      return GENERIC;
    }
    String s = productNameOrUrl.toLowerCase(Locale.ROOT);
    if (s.startsWith("jdbc:")) {
      s = s.substring("jdbc:".length());
    }
    if (s.startsWith("postgresql") || s.startsWith("pgsql")) {
      return POSTGRESQL;
    }
    if (s.startsWith("mariadb") || s.startsWith("mysql")) {
      return MARIADB;
    }
    if (s.startsWith("sqlite")) {
      return SQLITE;
    }
    if (s.startsWith("h2")) {
      return H2;
    }
    return GENERIC;
  }

  /** Same as {@link #ofProductName}: the dialect of a JDBC URL such as {@code jdbc:h2:mem:x}. */
  public static Dialect ofUrl(String jdbcUrl) {
    return ofProductName(jdbcUrl);
  }
}
