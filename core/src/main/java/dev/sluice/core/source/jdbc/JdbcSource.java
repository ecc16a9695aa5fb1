package dev.sluice.core.source.jdbc;

import static dev.sluice.core.ExportException.Reason.CONFIGURATION;
import static dev.sluice.core.ExportException.Reason.SOURCE;

import dev.sluice.core.ExportException;
import dev.sluice.core.source.Column;
import dev.sluice.core.source.Cursor;
import dev.sluice.core.source.Rows;
import dev.sluice.core.source.Source;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A query against a JDBC database, streamed through a forward-only, read-only cursor in a read-only
 * transaction, so that rows are never collected in memory. What each driver needs to really stream:
 *
 * <ul>
 *   <li>PostgreSQL (pgjdbc): {@code COPY (query) TO STDOUT} through pgjdbc's CopyManager when every
 *       column of the result can be written from its text (see {@link Builder#pgCopy}): the server
 *       streams rows while the client encodes them. For rows that become CSV ({@link
 *       dev.sluice.core.source.Cursor#csv}) with a column whose value is the server's text, COPY
 *       writes CSV of the same dialect, and the rows offer its fields, quoted already ({@link
 *       dev.sluice.core.source.CsvFields}). Otherwise autocommit off and a fetch size; the driver
 *       then reads the result through a portal, {@code fetchSize} rows per round trip.
 *   <li>MariaDB (Connector/J 3): a fetch size on a forward-only, read-only statement streams the
 *       result off the socket. MySQL Connector/J streams row by row with a fetch size of {@link
 *       Integer#MIN_VALUE}, which this source sets when that driver serves the URL.
 *   <li>SQLite: steps its statement row by row on its own; the database is opened read-only, so a
 *       mistyped path fails instead of creating an empty database.
 *   <li>H2: {@code SET LAZY_QUERY_EXECUTION TRUE}, without which H2 materialises the result.
 *   <li>Anything else: autocommit off, read-only, and the fetch size.
 * </ul>
 *
 * <p>The password is given as a {@code char[]} and appears in no message, exception or {@link
 * #describe()}; passwords inside the URL ({@code //user:pw@host}, {@code password=}) are masked
 * too. Connecting gives up after {@value #CONNECT_TIMEOUT_SECONDS} seconds unless the URL says
 * otherwise.
 */
public final class JdbcSource implements Source {
  static final int CONNECT_TIMEOUT_SECONDS = 10;

  private final String url;
  private final String query;
  private final String table;
  private final String user;
  private final char[] password;
  private final int fetchSize;
  private final boolean pgCopy;
  private final String where;
  private final String snapshot;

  private JdbcSource(Builder b) {
    this.url = b.url;
    this.query = b.query;
    this.table = b.table;
    this.user = b.user;
    this.password = b.password;
    this.fetchSize = b.fetchSize;
    this.pgCopy = b.pgCopy;
    this.where = b.where;
    this.snapshot = b.snapshot;
  }

  /** Starts a source for the JDBC URL {@code url}. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /**
   * The rows of a result set the caller ran, positioned before its first row, read the way an
   * export of {@code dialect} reads them: for encoding a result outside an export (benchmarks,
   * tests). Reads the metadata once; does not close {@code rs}. A driver failure ends {@link
   * Rows#next()} with a {@code SOURCE} failure.
   *
   * @throws SQLException if the metadata cannot be read
   */
  public static Rows rows(ResultSet rs, Dialect dialect) throws SQLException {
    return new ResultSetRows(rs, Columns.of(dialect, rs), SqlFailure::query);
  }

  @Override
  public String describe() {
    return JdbcUrl.redact(url) + " " + (query != null ? "query" : "table " + table);
  }

  /** The JDBC URL with any password in it masked, as {@link #describe()} shows it. */
  public String url() {
    return JdbcUrl.redact(url);
  }

  /** The SQL as given, if this source runs a query. */
  public Optional<String> query() {
    return Optional.ofNullable(query);
  }

  /** The table as given, if this source exports a table. */
  public Optional<String> table() {
    return Optional.ofNullable(table);
  }

  /** The predicate this source's rows are limited to (a shard's), if any. */
  public Optional<String> where() {
    return Optional.ofNullable(where);
  }

  /** The PostgreSQL snapshot this source reads, if it was given one. */
  public Optional<String> snapshot() {
    return Optional.ofNullable(snapshot);
  }

  @Override
  public String toString() {
    return "JdbcSource[" + describe() + "]";
  }

  /** The database product this source's URL names. */
  public Dialect dialect() {
    return Dialect.ofUrl(url);
  }

  /**
   * A new connection to this source's database, with its user, password and timeouts, and nothing
   * else set: for the work around an export (planning shards, holding a snapshot). The caller
   * closes it.
   *
   * @throws ExportException as {@link #open()} does
   */
  public Connection connect() throws ExportException {
    return opened().connection();
  }

  /** A connection and what its socket can be told, or null (see {@link PgSocketFactory#claim}). */
  private record Opened(Connection connection, PgSocketFactory.Hint socket) {}

  private Opened opened() throws ExportException {
    var driver = driver(url);
    var props = Sessions.properties(Dialect.ofUrl(url), user, password);
    String key = props.getProperty(PgSocketFactory.KEY);
    Connection connection = null;
    PgSocketFactory.Hint socket = null;
    try {
      connection = driver.connect(url, props);
    } catch (SQLException e) {
      throw SqlFailure.connect(e, url, user);
    } finally {
      if (key != null) {
        socket = PgSocketFactory.claim(key);
      }
    }
    if (connection == null) {
      throw new ExportException(
          CONFIGURATION, "the JDBC driver refused the URL " + JdbcUrl.redact(url));
    }
    return new Opened(connection, socket);
  }

  /** A builder holding everything this source holds, to derive another from it. */
  public Builder toBuilder() {
    var b = new Builder(url);
    b.query = query;
    b.table = table;
    b.user = user;
    b.password = password;
    b.fetchSize = fetchSize;
    b.pgCopy = pgCopy;
    b.where = where;
    b.snapshot = snapshot;
    return b;
  }

  @Override
  public Cursor open() throws ExportException {
    var shown = JdbcUrl.redact(url);
    var dialect = Dialect.ofUrl(url);
    var driver = driver(url);
    Opened opened = opened();
    Connection connection = opened.connection();
    try {
      Sessions.prepare(connection, dialect);
      if (snapshot != null) {
        Snapshots.join(connection, dialect, snapshot);
      }
      var sql = sql(connection);
      var statement =
          connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      statement.setFetchSize(isMysqlConnectorJ(driver) ? Integer.MIN_VALUE : fetchSize);
      return new JdbcCursor(connection, opened.socket(), statement, sql, dialect, pgCopy);
    } catch (SQLException e) {
      JdbcCursor.closeQuietly(connection);
      throw new ExportException(
          SOURCE,
          "cannot start a read-only transaction on " + shown + ": " + SqlFailure.oneLine(e),
          e);
    } catch (ExportException | RuntimeException e) {
      JdbcCursor.closeQuietly(connection);
      throw e;
    }
  }

  /**
   * The SQL to run: the query or the table, limited by {@link #where} when set. A table keeps its
   * predicate directly in its WHERE clause, so that PostgreSQL can use a TID range scan for a
   * {@code ctid} range; a query is wrapped as a derived table.
   */
  private String sql(Connection connection) throws SQLException, ExportException {
    if (where == null) {
      return query != null ? query : "SELECT * FROM " + tableSql(connection);
    }
    if (query != null) {
      return "SELECT * FROM (\n" + stripSemicolons(query) + "\n) s WHERE " + where;
    }
    return "SELECT * FROM " + tableSql(connection) + " WHERE " + where;
  }

  static String stripSemicolons(String sql) {
    int end = sql.length();
    while (end > 0 && (sql.charAt(end - 1) == ';' || Character.isWhitespace(sql.charAt(end - 1)))) {
      end--;
    }
    return sql.substring(0, end);
  }

  private String tableSql(Connection connection) throws SQLException, ExportException {
    try {
      return Identifier.quote(table, connection.getMetaData());
    } catch (IllegalArgumentException e) {
      throw new ExportException(CONFIGURATION, e.getMessage(), e);
    }
  }

  private static boolean isMysqlConnectorJ(Driver driver) {
    return driver.getClass().getName().startsWith("com.mysql.");
  }

  /**
   * The columns the result will have, as an export reads and writes them, without running the query
   * or reading a row: connects as {@link #open()} does, has the database describe the query (how
   * each driver does it: {@code QueryColumns}), and closes. For {@code sluice export --dry-run}.
   *
   * @throws ExportException as {@link #open()} and {@link dev.sluice.core.source.Cursor#execute()}
   *     would for the same URL, login and query: {@code CONFIGURATION} for a bad URL, {@code
   *     SOURCE} for an unreachable database or a refused login, and {@code SOURCE} with the
   *     database's own message for a query it cannot prepare (bad SQL, an unknown table)
   */
  public List<Column> columns() throws ExportException {
    try (var cursor = (JdbcCursor) open()) {
      return cursor.describe();
    }
  }

  /**
   * The driver on the class path that accepts {@code url}: the check the command line makes before
   * anything else, and the first step of {@link #open()}.
   *
   * @throws ExportException {@code CONFIGURATION}, starting with the URL (password masked) and
   *     naming the problem: not a JDBC URL, or no driver for it, with the drivers there are.
   */
  public static Driver driver(String url) throws ExportException {
    var shown = JdbcUrl.redact(url);
    if (!url.startsWith("jdbc:")) {
      throw new ExportException(
          CONFIGURATION,
          shown
              + ": not a JDBC URL (expected jdbc:postgresql://host/db, jdbc:mariadb://host/db, ...)");
    }
    try {
      return DriverManager.getDriver(url);
    } catch (SQLException e) {
      var names = new StringBuilder();
      DriverManager.drivers()
          .forEach(
              d -> {
                names.append(names.isEmpty() ? "" : ", ").append(d.getClass().getName());
              });
      throw new ExportException(
          CONFIGURATION,
          shown
              + ": no JDBC driver accepts this URL (this"
              + " build has "
              + (names.isEmpty() ? "none" : names)
              + ")");
    }
  }

  /** Builds a {@link JdbcSource}. Exactly one of {@link #query} and {@link #table} must be set. */
  public static final class Builder {
    private final String url;
    private String query;
    private String table;
    private String user;
    private char[] password;
    private int fetchSize = 10_000;
    private boolean pgCopy = !"false".equals(System.getProperty("sluice.pgcopy"));
    private String where;
    private String snapshot;

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    /** The SQL to run, as written. */
    public Builder query(String sql) {
      this.query = sql;
      return this;
    }

    /** A table (optionally {@code schema.table}) to export whole; quoted, never pasted into SQL. */
    public Builder table(String name) {
      this.table = name;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** The password; kept out of every message and {@code toString}. */
    public Builder password(char[] password) {
      this.password = password == null ? null : password.clone();
      return this;
    }

    /** Rows per round trip for drivers that stream with a fetch size. */
    public Builder fetchSize(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("fetchSize < 1: " + rows);
      }
      this.fetchSize = rows;
      return this;
    }

    /**
     * Whether a PostgreSQL query whose columns all allow it is read through {@code COPY (query) TO
     * STDOUT} instead of a cursor (the default, unless the system property {@code sluice.pgcopy} is
     * {@code false}). The output is the same byte for byte; COPY streams without a round trip per
     * {@link #fetchSize} rows, so it is faster.
     */
    public Builder pgCopy(boolean enabled) {
      this.pgCopy = enabled;
      return this;
    }

    /**
     * Limits the rows to those for which the SQL predicate {@code predicate} holds: a shard's
     * range. A table becomes {@code SELECT * FROM table WHERE predicate} (so PostgreSQL can scan a
     * {@code ctid} range directly), a query {@code SELECT * FROM (query) s WHERE predicate}. The
     * predicate is pasted into SQL as written: it must come from a trusted plan ({@code
     * dev.sluice.core.shard.ShardPlan}), never from user input.
     */
    public Builder where(String predicate) {
      this.where = predicate == null || predicate.isBlank() ? null : predicate;
      return this;
    }

    /**
     * Reads the PostgreSQL snapshot {@code id} (from {@code pg_export_snapshot()}): the connection
     * begins {@code BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY} and {@code SET TRANSACTION
     * SNAPSHOT 'id'} before the query, so that every shard of an export sees one state of the
     * database. The export fails if the snapshot is gone (its transaction ended).
     *
     * @throws IllegalArgumentException if {@code id} is not the shape of a snapshot id
     */
    public Builder snapshot(String id) {
      this.snapshot = id == null ? null : Snapshots.checkId(id);
      return this;
    }

    public JdbcSource build() {
      if ((query == null) == (table == null)) {
        throw new IllegalArgumentException("exactly one of query and table must be set");
      }
      if (snapshot != null && Dialect.ofUrl(url) != Dialect.POSTGRESQL) {
        throw new IllegalArgumentException("a snapshot can only be read on PostgreSQL");
      }
      return new JdbcSource(this);
    }
  }
}
