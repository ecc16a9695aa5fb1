package dev.sluice.core.testing;

import dev.sluice.core.source.jdbc.JdbcSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The databases tests run against: the real PostgreSQL and MariaDB on 127.0.0.1 (started by {@code
 * .ci/services.sh}, database {@code sluice_test}), SQLite in a file under a temporary directory of
 * this JVM (a child JVM given the URL sees the same data), and H2 in memory.
 *
 * <p>{@link #createOrders} makes an {@code orders}-like table of mixed types with {@code n} rows
 * generated inside the database (fast: no rows cross JDBC), whose values follow from the row's id:
 * {@link #customer}, {@link #amount}, {@link #note}. Name tables after your module and test and
 * make them unique to the JVM with {@link #uniqueName} ({@code eng_orders_12345}), so parallel
 * builds never collide. {@link #series} is a query of any number of rows that stores nothing.
 *
 * <pre>{@code
 * var table = TestDatabases.uniqueName("s3_orders");
 * TestDatabases.POSTGRESQL.createOrders(table, 1_000);
 * var source = TestDatabases.POSTGRESQL.source().table(table).build();
 * }</pre>
 */
public enum TestDatabases {
  POSTGRESQL("jdbc:postgresql://127.0.0.1:5432/sluice_test", "postgres"),
  MARIADB("jdbc:mariadb://127.0.0.1:3306/sluice_test", "root"),
  SQLITE("jdbc:sqlite:" + Files.dir().resolve("sluice_test.sqlite"), null),
  // In memory and open for the JVM's life: H2 2.3 compacts a file database when its last
  // connection closes, and with assertions on (as in tests) that compaction can fail and lose data.
  H2("jdbc:h2:mem:sluice_test;DB_CLOSE_DELAY=-1", "sa");

  private final String url;
  private final String user;

  TestDatabases(String url, String user) {
    this.url = url;
    this.user = user;
  }

  /**
   * {@code prefix} made unique to this JVM ({@code eng_orders_12345}). PostgreSQL and MariaDB are
   * shared by every build on the machine, and several worktrees run the same test classes at the
   * same time: a fixed table name would be dropped and refilled under another build's feet.
   */
  public static String uniqueName(String prefix) {
    return prefix + "_" + ProcessHandle.current().pid();
  }

  /** The JDBC URL, without credentials. */
  public String url() {
    return url;
  }

  /** The user name ({@code null} for SQLite); every password is empty. */
  public String user() {
    return user;
  }

  /** A source builder for this database with its credentials; add a query or a table. */
  public JdbcSource.Builder source() {
    var b = JdbcSource.builder(url);
    return user == null ? b : b.user(user);
  }

  /** A new read-write connection with autocommit on; the caller closes it. */
  public Connection connect() throws SQLException {
    return user == null
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, user, "");
  }

  /** Runs each statement in turn with autocommit on. */
  public void execute(String... sql) throws SQLException {
    try (var c = connect();
        Statement s = c.createStatement()) {
      for (var q : sql) {
        s.execute(q);
      }
    }
  }

  /** Drops {@code table} if it exists. */
  public void drop(String table) throws SQLException {
    execute("DROP TABLE IF EXISTS " + table);
  }

  /**
   * (Re)creates {@code table} with {@code rows} rows, ids 1 to {@code rows}, columns {@code id}
   * (64-bit integer), {@code created_at} (timestamp, with time zone where the database has one),
   * {@code customer} (text with quotes, a comma, non-ASCII and, every tenth row, a newline), {@code
   * amount} (decimal(12,2); text in SQLite, to stay exact), {@code tags} (an array, or a JSON array
   * where there are no arrays), {@code attrs} (JSON), {@code paid} (boolean) and {@code note}
   * (text, NULL every third row).
   */
  public void createOrders(String table, long rows) throws SQLException {
    drop(table);
    switch (this) {
      case POSTGRESQL ->
          execute(
              "CREATE TABLE "
                  + table
                  + " (id bigint PRIMARY KEY, created_at timestamptz,"
                  + " customer text, amount numeric(12,2), tags text[], attrs jsonb, paid boolean,"
                  + " note text)",
              "INSERT INTO "
                  + table
                  + " SELECT n,"
                  + " timestamptz '2024-01-01 00:00:00+00' + n * interval '1 second',"
                  + " 'cust ' || (n % 97) || ', \"Zoë\" 😀' || CASE WHEN n % 10 = 0"
                  + " THEN E'\\nline2' ELSE '' END,"
                  + " (n % 100000) / 100.0, ARRAY['t' || (n % 5), 'x'],"
                  + " jsonb_build_object('n', n, 'even', n % 2 = 0), n % 2 = 0,"
                  + " CASE WHEN n % 3 = 0 THEN NULL ELSE 'note ' || n END"
                  + " FROM generate_series(1, "
                  + rows
                  + ") n");
      case MARIADB ->
          execute(
              "CREATE TABLE "
                  + table
                  + " (id bigint PRIMARY KEY, created_at datetime(6),"
                  + " customer varchar(200), amount decimal(12,2), tags json, attrs json,"
                  + " paid boolean, note text) DEFAULT CHARSET=utf8mb4",
              "INSERT INTO "
                  + table
                  + " SELECT seq,"
                  + " TIMESTAMP'2024-01-01 00:00:00' + INTERVAL seq SECOND,"
                  + " CONCAT('cust ', seq % 97, ', \"Zoë\" 😀', IF(seq % 10 = 0, '\\nline2', '')),"
                  + " (seq % 100000) / 100.0, JSON_ARRAY(CONCAT('t', seq % 5), 'x'),"
                  + " JSON_OBJECT('n', seq, 'even', seq % 2 = 0), seq % 2 = 0,"
                  + " IF(seq % 3 = 0, NULL, CONCAT('note ', seq))"
                  + " FROM seq_1_to_"
                  + rows);
      case SQLITE ->
          execute(
              "CREATE TABLE "
                  + table
                  + " (id integer PRIMARY KEY, created_at text,"
                  + " customer text, amount text, tags text, attrs text, paid boolean, note text)",
              "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < "
                  + rows
                  + ") INSERT INTO "
                  + table
                  + " SELECT n,"
                  + " strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-01', '+' || n || ' seconds'),"
                  + " 'cust ' || (n % 97) || ', \"Zoë\" 😀' || CASE WHEN n % 10 = 0"
                  + " THEN char(10) || 'line2' ELSE '' END,"
                  + " printf('%.2f', (n % 100000) / 100.0), json_array('t' || (n % 5), 'x'),"
                  + " json_object('n', n, 'even', json(CASE WHEN n % 2 = 0 THEN 'true'"
                  + " ELSE 'false' END)), n % 2 = 0,"
                  + " CASE WHEN n % 3 = 0 THEN NULL ELSE 'note ' || n END FROM s");
      case H2 ->
          execute(
              "CREATE TABLE "
                  + table
                  + " (id bigint PRIMARY KEY, created_at timestamp with time zone,"
                  + " customer varchar(200), amount numeric(12,2), tags varchar(20) array,"
                  + " attrs json, paid boolean, note varchar(100))",
              "INSERT INTO "
                  + table
                  + " SELECT X,"
                  + " DATEADD(SECOND, X, TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00'),"
                  + " 'cust ' || MOD(X, 97) || ', \"Zoë\" 😀' || CASE WHEN MOD(X, 10) = 0"
                  + " THEN CHAR(10) || 'line2' ELSE '' END,"
                  + " CAST(MOD(X, 100000) / 100.0 AS numeric(12,2)), ARRAY['t' || MOD(X, 5), 'x'],"
                  + " JSON_OBJECT('n': X, 'even': MOD(X, 2) = 0), MOD(X, 2) = 0,"
                  + " CASE WHEN MOD(X, 3) = 0 THEN NULL ELSE 'note ' || X END"
                  + " FROM SYSTEM_RANGE(1, "
                  + rows
                  + ")");
    }
  }

  /**
   * A query yielding one bigint column {@code n} from 1 to {@code rows} in order, generated by the
   * database as the cursor advances (nothing is stored), and {@code extra} more columns computed
   * from {@code n} (SQL expressions in this database's dialect, e.g. {@code "n * 2 AS twice"}).
   */
  public String series(long rows, String... extra) {
    var more = new StringBuilder();
    for (var e : extra) {
      more.append(", ").append(e);
    }
    return switch (this) {
      // In the select list, not in FROM: a set-returning function in FROM is computed whole first.
      case POSTGRESQL ->
          "SELECT n" + more + " FROM (SELECT generate_series(1, " + rows + ") AS n) s";
      case MARIADB -> "SELECT n" + more + " FROM (SELECT seq AS n FROM seq_1_to_" + rows + ") s";
      case SQLITE ->
          "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < "
              + rows
              + ") SELECT n"
              + more
              + " FROM s";
      case H2 -> "SELECT n" + more + " FROM (SELECT X AS n FROM SYSTEM_RANGE(1, " + rows + ")) s";
    };
  }

  /** The {@code customer} of the row with id {@code id}. */
  public static String customer(long id) {
    return "cust " + (id % 97) + ", \"Zoë\" 😀" + (id % 10 == 0 ? "\nline2" : "");
  }

  /** The {@code amount} of the row with id {@code id}. */
  public static BigDecimal amount(long id) {
    return BigDecimal.valueOf(id % 100_000, 2);
  }

  /** The {@code note} of the row with id {@code id}: null every third row. */
  public static String note(long id) {
    return id % 3 == 0 ? null : "note " + id;
  }

  /** The {@code paid} flag of the row with id {@code id}. */
  public static boolean paid(long id) {
    return id % 2 == 0;
  }

  /** The directory of the SQLite file, made once per JVM and deleted at its exit. */
  private static final class Files {
    private static final Path DIR = create();

    static Path dir() {
      return DIR;
    }

    private static Path create() {
      try {
        var dir = java.nio.file.Files.createTempDirectory("sluice-test-db");
        // An empty file is an empty SQLite database; sources open it read-only, so it must exist.
        java.nio.file.Files.createFile(dir.resolve("sluice_test.sqlite"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        return dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void deleteTree(Path dir) {
      try (var paths = java.nio.file.Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // A temporary directory; the OS cleans up what is left.
      }
    }
  }
}
