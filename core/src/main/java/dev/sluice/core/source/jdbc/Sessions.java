package dev.sluice.core.source.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** How {@link JdbcSource} opens a connection and sets up its session, per database. */
final class Sessions {
  private Sessions() {}

  /** The driver's properties for a connection: the login, the timeouts, read-only SQLite. */
  static Properties properties(Dialect dialect, String user, char[] password) {
    var props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", new String(password));
    }
    switch (dialect) {
      case POSTGRESQL -> {
        props.setProperty("connectTimeout", String.valueOf(JdbcSource.CONNECT_TIMEOUT_SECONDS));
        props.setProperty("loginTimeout", String.valueOf(JdbcSource.CONNECT_TIMEOUT_SECONDS * 3));
        props.setProperty("ApplicationName", "sluice");
        // pgjdbc reads its socket 8 KiB at a time; a URL that names its own factory keeps it.
        props.setProperty("socketFactory", PgSocketFactory.class.getName());
        props.setProperty(PgSocketFactory.KEY, PgSocketFactory.newKey());
      }
      case MARIADB ->
          props.setProperty(
              "connectTimeout", String.valueOf(JdbcSource.CONNECT_TIMEOUT_SECONDS * 1000));
      // SQLITE_OPEN_READONLY: a read-only connection can only be asked for when opening.
      case SQLITE -> props.setProperty("open_mode", "1");
      default -> {}
    }
    return props;
  }

  /** Sets up a new connection for an export: read-only, in a transaction, H2's lazy results. */
  static void prepare(Connection c, Dialect dialect) throws SQLException {
    if (dialect != Dialect.SQLITE) {
      c.setReadOnly(true);
    }
    // Autocommit off: a transaction, so pgjdbc uses a portal and the rows come from one snapshot.
    c.setAutoCommit(false);
    if (dialect == Dialect.H2) {
      try (Statement s = c.createStatement()) {
        s.execute("SET LAZY_QUERY_EXECUTION TRUE");
      }
    }
  }
}
