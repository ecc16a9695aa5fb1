package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Asks the database how many rows an export will read, from its planner's statistics, over a short
 * read-only connection of its own that it closes before returning:
 *
 * <ul>
 *   <li>PostgreSQL, {@code --table}: {@code pg_class.reltuples}; for a table never analyzed, the
 *       planner's guess from its size ({@code EXPLAIN});
 *   <li>PostgreSQL, {@code --query}: the top plan node's "Plan Rows" of {@code EXPLAIN (FORMAT
 *       JSON)}, which plans the query without running it;
 *   <li>MariaDB and MySQL, {@code --table}: {@code information_schema.tables.table_rows};
 *   <li>anything else: no estimate.
 * </ul>
 *
 * <p>Each statement has a one-second timeout, the connection a two-second connect timeout and a
 * three-second read timeout. An estimate below one row is taken as none: statistics of a table
 * never analyzed say 0 or -1.
 */
final class JdbcEstimator implements Estimator {
  private static final int QUERY_TIMEOUT_SECONDS = 1;
  private static final int CONNECT_TIMEOUT_SECONDS = 2;

  /** A server that stops answering mid-statement, past the query timeout's cancel. */
  private static final int SOCKET_TIMEOUT_SECONDS = 3;

  private static final Pattern TRAILING_SEMICOLONS = Pattern.compile("[\\s;]+$");

  private final String url;
  private final Credentials credentials;
  private final String table;
  private final String query;

  /** For {@code --table table} or {@code --query query} (one of them null) from {@code url}. */
  JdbcEstimator(String url, Credentials credentials, String table, String query) {
    this.url = url;
    this.credentials = credentials;
    this.table = table;
    this.query = query;
  }

  @Override
  public Optional<Estimate> estimate() throws SQLException, IOException {
    if (url.startsWith("jdbc:postgresql:")) {
      // PostgreSQL's driver counts these in seconds.
      try (var connection =
          connect(
              Map.of(
                  "connectTimeout",
                  CONNECT_TIMEOUT_SECONDS,
                  "socketTimeout",
                  SOCKET_TIMEOUT_SECONDS))) {
        return table != null ? postgresTable(connection) : postgresQuery(connection, query);
      }
    }
    if ((url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) && table != null) {
      // MariaDB's and MySQL's count them in milliseconds.
      try (var connection =
          connect(
              Map.of(
                  "connectTimeout",
                  CONNECT_TIMEOUT_SECONDS * 1000,
                  "socketTimeout",
                  SOCKET_TIMEOUT_SECONDS * 1000))) {
        return mariadbTable(connection);
      }
    }
    return Optional.empty();
  }

  private Connection connect(Map<String, Integer> timeouts) throws SQLException {
    var props = new Properties();
    if (credentials.user() != null) {
      props.setProperty("user", credentials.user());
    }
    if (credentials.password() != null) {
      props.setProperty("password", new String(credentials.password()));
    }
    timeouts.forEach((name, value) -> props.setProperty(name, String.valueOf(value)));
    var connection = DriverManager.getConnection(url, props);
    try {
      // A read-only transaction, rolled back by the close: whatever the text of --query holds,
      // planning it here changes nothing.
      connection.setAutoCommit(false);
      connection.setReadOnly(true);
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  private Optional<Estimate> postgresTable(Connection connection) throws SQLException, IOException {
    // to_regclass reads the name as --table does (bare parts folded to lower case, quoted parts
    // as written), and its text is the name quoted for SQL.
    try (var statement =
        connection.prepareStatement(
            "SELECT c.reltuples::bigint, c.oid::regclass::text FROM pg_class c"
                + " WHERE c.oid = to_regclass(?)")) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      statement.setString(1, table);
      try (var rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        long reltuples = rows.getLong(1);
        if (reltuples > 0) {
          return Optional.of(new Estimate(reltuples, "pg_class.reltuples"));
        }
        return postgresQuery(connection, "SELECT * FROM " + rows.getString(2));
      }
    }
  }

  private static Optional<Estimate> postgresQuery(Connection connection, String sql)
      throws SQLException, IOException {
    try (var statement = connection.createStatement()) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      var explain = "EXPLAIN (FORMAT JSON) " + TRAILING_SEMICOLONS.matcher(sql).replaceAll("");
      try (var rows = statement.executeQuery(explain)) {
        if (!rows.next()) {
          return Optional.empty();
        }
        long planned = planRows(rows.getString(1));
        return planned > 0 ? Optional.of(new Estimate(planned, "EXPLAIN")) : Optional.empty();
      }
    }
  }

  /** The top plan node's "Plan Rows" in PostgreSQL's {@code EXPLAIN (FORMAT JSON)}, or -1. */
  static long planRows(String json) throws IOException {
    try (var parser = new JsonFactory().createParser(json)) {
      // [ { "Plan": { "Plan Rows": n, "Plans": [ ...nodes below... ] } } ]: depth 3 is the top.
      int depth = 0;
      for (var token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          depth++;
        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          depth--;
        } else if (token == JsonToken.FIELD_NAME
            && depth == 3
            && parser.currentName().equals("Plan Rows")) {
          parser.nextToken();
          return parser.getValueAsLong(-1);
        }
      }
      return -1;
    }
  }

  private Optional<Estimate> mariadbTable(Connection connection) throws SQLException {
    var parts = nameParts(table);
    try (var statement =
        connection.prepareStatement(
            "SELECT table_rows FROM information_schema.tables"
                + " WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ?")) {
      statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
      statement.setString(1, parts.size() > 1 ? parts.get(parts.size() - 2) : null);
      statement.setString(2, parts.get(parts.size() - 1));
      try (var rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        long n = rows.getLong(1);
        return n > 0 ? Optional.of(new Estimate(n, "information_schema.tables")) : Optional.empty();
      }
    }
  }

  /**
   * The dot-separated parts of a table name as {@code --table} takes it, double quotes removed
   * ({@code "a.b"."c"} is {@code a.b} and {@code c}). MariaDB keeps the case of names as created,
   * so bare parts are taken as written.
   */
  static List<String> nameParts(String name) {
    var parts = new ArrayList<String>();
    var part = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < name.length() && name.charAt(i + 1) == '"') {
          part.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == '.' && !quoted) {
        parts.add(part.toString().strip());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString().strip());
    return parts;
  }
}
