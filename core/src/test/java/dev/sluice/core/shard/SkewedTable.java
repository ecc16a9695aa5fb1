package dev.sluice.core.shard;

import dev.sluice.core.testing.TestDatabases;
import java.sql.SQLException;
import java.util.List;

/**
 * A table of {@code rows} rows, ids 1 to rows, whose key {@code k} is skewed: {@code floor(10^6 *
 * (id/rows)^4)}, so the smallest 1/16 of the key range holds half the rows, and NULL every 50th
 * row; {@code t} is k as zero-padded text ({@code v00001234}), {@code ts} a timestamp k seconds
 * after 2024-01-01, {@code j} JSON and {@code b} bytes (not sortable).
 */
final class SkewedTable {
  private SkewedTable() {}

  static void create(TestDatabases db, String table, long rows) throws SQLException {
    db.drop(table);
    switch (db) {
      case POSTGRESQL ->
          db.execute(
              "CREATE TABLE "
                  + table
                  + " (id bigint PRIMARY KEY, k bigint, t text,"
                  + " ts timestamptz, j jsonb, b bytea)",
              "INSERT INTO "
                  + table
                  + " SELECT id, k, 'v' || lpad(k::text, 8, '0'),"
                  + " timestamptz '2024-01-01 00:00:00+00' + k * interval '1 second',"
                  + " jsonb_build_object('k', k), int8send(k) FROM (SELECT n AS id,"
                  + " CASE WHEN n % 50 = 0 THEN NULL ELSE floor(1e6 * power(n::float8 / "
                  + rows
                  + ", 4))::bigint END AS k FROM generate_series(1, "
                  + rows
                  + ") n) s",
              "ANALYZE " + table);
      case MARIADB ->
          db.execute(
              "CREATE TABLE "
                  + table
                  + " (id bigint PRIMARY KEY, k bigint, t varchar(20),"
                  + " ts datetime(6), j json, b blob) DEFAULT CHARSET=utf8mb4",
              "INSERT INTO "
                  + table
                  + " SELECT id, k, CONCAT('v', LPAD(k, 8, '0')),"
                  + " TIMESTAMP'2024-01-01 00:00:00' + INTERVAL k SECOND, JSON_OBJECT('k', k),"
                  + " UNHEX(HEX(k)) FROM (SELECT seq AS id, IF(seq % 50 = 0, NULL,"
                  + " FLOOR(1e6 * POW(seq / "
                  + rows
                  + ", 4))) AS k FROM seq_1_to_"
                  + rows
                  + ") s",
              "ANALYZE TABLE " + table);
      case H2 ->
          db.execute(
              "CREATE TABLE "
                  + table
                  + " (id bigint PRIMARY KEY, k bigint, t varchar(20),"
                  + " ts timestamp, j json, b varbinary(8))",
              "INSERT INTO "
                  + table
                  + " SELECT id, k, 'v' || LPAD(CAST(k AS VARCHAR), 8, '0'),"
                  + " DATEADD(SECOND, k, TIMESTAMP '2024-01-01 00:00:00'), NULL, NULL FROM"
                  + " (SELECT X AS id, CASE WHEN MOD(X, 50) = 0 THEN NULL ELSE"
                  + " CAST(FLOOR(1e6 * POWER(CAST(X AS DOUBLE) / "
                  + rows
                  + ", 4)) AS BIGINT)"
                  + " END AS k FROM SYSTEM_RANGE(1, "
                  + rows
                  + ")) s");
      case SQLITE ->
          db.execute(
              "CREATE TABLE "
                  + table
                  + " (id integer PRIMARY KEY, k integer, t text,"
                  + " ts text, j text, b blob)",
              "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < "
                  + rows
                  + "), r AS (SELECT n AS id, CASE WHEN n % 50 = 0 THEN NULL ELSE"
                  + " CAST(1000000 * (n * 1.0 / "
                  + rows
                  + ") * (n * 1.0 / "
                  + rows
                  + ")"
                  + " * (n * 1.0 / "
                  + rows
                  + ") * (n * 1.0 / "
                  + rows
                  + ") AS INTEGER) END AS k"
                  + " FROM s) INSERT INTO "
                  + table
                  + " SELECT id, k, printf('v%08d', k),"
                  + " strftime('%Y-%m-%d %H:%M:%S', '2024-01-01', '+' || k || ' seconds'),"
                  + " NULL, NULL FROM r");
    }
  }

  /** The key of row {@code id}, or null, as {@link #create} computes it. */
  static Long key(long id, long rows) {
    return id % 50 == 0 ? null : (long) Math.floor(1e6 * Math.pow((double) id / rows, 4));
  }

  static final List<String> KEYS = List.of("k", "t", "ts");
}
