package dev.sluice.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An embedded H2 database, in memory, holding the demo table {@code orders}, so that the main job
 * runs with nothing installed. Used by {@code sluice export} without {@code --from} and by {@code
 * sluice demo}.
 *
 * <p>{@code orders} is a view over {@code SYSTEM_RANGE(1, rows)} whose columns are deterministic
 * pseudo-random functions of the row number, so it costs no memory at any size and the same row
 * count always yields the same rows. Its columns have the types a real orders table has:
 *
 * <pre>
 *   id          BIGINT                    1, 2, 3, ...
 *   customer    VARCHAR                   "Ada Lovelace", ...
 *   email       VARCHAR                   "ada.lovelace17@example.com", ...
 *   created_at  TIMESTAMP WITH TIME ZONE  from 2024-01-01T00:00:00Z, one every 37 s (wrapping
 *                                         after ten years), in four time zones
 *   amount      DECIMAL(12,2)             0.01 to 9999.99, exact
 *   currency    CHAR(3)                   EUR, USD, GBP, JPY
 *   status      VARCHAR                   pending, paid, shipped, refunded, cancelled
 *   paid        BOOLEAN                   true for paid and shipped
 *   items       INTEGER                   1 to 9
 *   tags        VARCHAR ARRAY             0 to 2 of gift, express, fragile, bulk
 *   shipped_on  DATE                      null unless shipped
 *   note        VARCHAR                   null for most rows; some with quotes, commas, newlines, é
 * </pre>
 *
 * <p>Identifiers are lower case ({@code DATABASE_TO_LOWER}), so {@code --table orders} and {@code
 * --query "select * from orders"} both work. Lazy query execution makes H2 stream the view row by
 * row. The database lives until {@link #close()}.
 */
final class DemoDatabase implements AutoCloseable {
  /** Rows in {@code orders} unless asked otherwise. */
  static final long DEFAULT_ROWS = 100_000;

  private static final AtomicInteger COUNT = new AtomicInteger();

  private static final String VIEW =
      """
      CREATE VIEW orders AS
      SELECT
        x AS id,
        ARRAY['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken',
              'Margaret', 'Dennis', 'Radia', 'Niklaus', 'Hedy', 'John', 'Sophie', 'Tim']
          [1 + MOD(x * 7919, 16)]
          || ' ' ||
        ARRAY['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Allen',
              'Thompson', 'Hamilton', 'Ritchie', 'Perlman', 'Wirth', 'Lamarr', 'Backus',
              'Wilson', 'Berners-Lee', 'Müller', 'Østergaard']
          [1 + MOD(x * 104729, 18)] AS customer,
        LOWER(ARRAY['ada', 'grace', 'alan', 'edsger', 'barbara', 'donald', 'frances', 'ken',
              'margaret', 'dennis', 'radia', 'niklaus', 'hedy', 'john', 'sophie', 'tim']
          [1 + MOD(x * 7919, 16)]) || MOD(x * 31, 97) || '@example.com' AS email,
        CAST(DATEADD(SECOND, MOD(x * 37, 86400), DATEADD(DAY, MOD(x * 37 / 86400, 3650),
            TIMESTAMP WITH TIME ZONE '2024-01-01 00:00:00+00'))
          AT TIME ZONE ARRAY['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo']
            [1 + MOD(x, 4)] AS TIMESTAMP(3) WITH TIME ZONE) AS created_at,
        CAST((1 + MOD(x * 48271, 999999)) / 100.0 AS DECIMAL(12, 2)) AS amount,
        CAST(ARRAY['EUR', 'USD', 'GBP', 'JPY'][1 + MOD(x * 13, 4)] AS CHAR(3)) AS currency,
        ARRAY['pending', 'paid', 'paid', 'shipped', 'shipped', 'shipped', 'refunded',
              'cancelled'][1 + MOD(x * 65537, 8)] AS status,
        MOD(x * 65537, 8) BETWEEN 1 AND 5 AS paid,
        CAST(1 + MOD(x * 17, 9) AS INTEGER) AS items,
        CASE MOD(x * 2654435761, 7)
          WHEN 0 THEN CAST(ARRAY['gift'] AS VARCHAR ARRAY)
          WHEN 1 THEN CAST(ARRAY['express', 'fragile'] AS VARCHAR ARRAY)
          WHEN 2 THEN CAST(ARRAY['bulk'] AS VARCHAR ARRAY)
          WHEN 3 THEN CAST(ARRAY['gift', 'express'] AS VARCHAR ARRAY)
          ELSE CAST(ARRAY[] AS VARCHAR ARRAY)
        END AS tags,
        CASE WHEN MOD(x * 65537, 8) BETWEEN 3 AND 5
          THEN DATEADD(DAY, 1 + MOD(x, 5) + MOD(x * 37 / 86400, 3650), DATE '2024-01-01')
        END AS shipped_on,
        CASE MOD(x, 50)
          WHEN 0 THEN 'leave at the door'
          WHEN 1 THEN 'call before delivery, "back entrance", 2nd floor'
          WHEN 2 THEN 'gift wrap' || CHAR(10) || 'card: Joyeux anniversaire, chérie'
        END AS note
      FROM SYSTEM_RANGE(1, %d) AS r(x)
      """;

  private final String url;
  private final long rows;

  /** Keeps the in-memory database alive until {@link #close()}. */
  private final Connection keepAlive;

  private DemoDatabase(String url, long rows, Connection keepAlive) {
    this.url = url;
    this.rows = rows;
    this.keepAlive = keepAlive;
  }

  /**
   * Creates a fresh in-memory database with {@code orders} holding {@code rows} rows.
   *
   * @throws IllegalArgumentException if {@code rows < 0}
   */
  static DemoDatabase open(long rows) throws SQLException {
    if (rows < 0) {
      throw new IllegalArgumentException("rows < 0: " + rows);
    }
    // A name per instance, so that tests running in one JVM never share a database.
    var url =
        "jdbc:h2:mem:sluice_demo_"
            + COUNT.incrementAndGet()
            + ";DATABASE_TO_LOWER=TRUE;LAZY_QUERY_EXECUTION=TRUE";
    var connection = DriverManager.getConnection(url);
    try (var statement = connection.createStatement()) {
      statement.execute(VIEW.formatted(rows));
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return new DemoDatabase(url, rows, connection);
  }

  /** The JDBC URL to read {@code orders} from; no user or password needed. */
  String url() {
    return url;
  }

  /** Rows in {@code orders}. */
  long rows() {
    return rows;
  }

  /** Drops the database. */
  @Override
  public void close() throws SQLException {
    // The last connection closing ends an in-memory H2 database.
    keepAlive.close();
  }
}
