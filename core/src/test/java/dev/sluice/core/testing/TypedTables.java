package dev.sluice.core.testing;

import java.sql.SQLException;

/**
 * A table of one column per kind of type each database has (the rows of {@code docs/types.md}),
 * with two rows of values and one row of NULLs (ids 1, 2, 3), for tests that compare what is said
 * about columns before an export with what the export writes. Values are ordinary ones (no NaN, no
 * infinity), so each column's values take its documented main form.
 */
public final class TypedTables {
  private TypedTables() {}

  /** (Re)creates {@code table} in {@code db}. */
  public static void create(TestDatabases db, String table) throws SQLException {
    db.drop(table);
    switch (db) {
      case POSTGRESQL ->
          db.execute(
              "CREATE TABLE "
                  + table
                  + " (id int PRIMARY KEY, i2 smallint, i8 bigint, num numeric(12,2), f4 real,"
                  + " f8 double precision, b boolean, t text, vc varchar(20), ch char(3), d date,"
                  + " tm time, tmtz timetz, ts timestamp, tstz timestamptz, iv interval, u uuid,"
                  + " j json, jb jsonb, ai int[], at text[], by bytea, m money, ip inet,"
                  + " bits bit(4))",
              "INSERT INTO "
                  + table
                  + " VALUES (1, 7, 9223372036854775807, 1234.50, 1.5, 0.1, true, 'a \"b\", c',"
                  + " 'vc', 'abc', '2024-01-02', '23:59:59.5', '23:59:59+05:30',"
                  + " '2024-01-02 03:04:05.5', '2024-06-01 08:30:00.5+02', '1 day 2 hours',"
                  + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{\"k\": [1, 2]}', '{\"n\": 1.50}',"
                  + " '{1,NULL,3}', '{\"a b\",NULL}', '\\x00ff', 12.5, '192.168.0.1/24', '1010'),"
                  + " (2, -1, -5, 0.01, -2, 1e100, false, '', 'x', 'x', '0001-01-01', '00:00:00',"
                  + " '12:00:00+00', '2000-01-01 00:00:00', '2000-01-01 00:00:00+00', '-1 second',"
                  + " '00000000-0000-0000-0000-000000000000', '[]', '[true]', '{}', '{x}', '',"
                  + " 0, '::1', '0000'),"
                  + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                  + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
      case MARIADB ->
          db.execute(
              "CREATE TABLE "
                  + table
                  + " (id int PRIMARY KEY, ti tinyint, b boolean, bi bigint, ubi bigint unsigned,"
                  + " dec12 decimal(12,2), f float, dbl double, vc varchar(20), tx text, d date,"
                  + " tm time, dt datetime(6), ts timestamp(3) NULL, j json, bl blob,"
                  + " vb varbinary(10), bit8 bit(8), en enum('a','b'), yr year)"
                  + " DEFAULT CHARSET=utf8mb4",
              "INSERT INTO "
                  + table
                  + " VALUES (1, 7, true, 9223372036854775807, 18446744073709551615, 1234.50,"
                  + " 1.5, 0.1, 'a \"b\", c', 'text', '2024-01-02', '-838:59:59',"
                  + " '2024-01-02 03:04:05.5', '2024-01-02 03:04:05.5', '{\"k\": [1, 2]}',"
                  + " x'00ff', x'01', b'11111111', 'a', 2024),"
                  + " (2, -1, false, -5, 0, 0.01, -2, 1e100, '', 'x', '1000-01-01', '12:00:00',"
                  + " '2000-01-01 00:00:00', '2000-01-01 00:00:00', '[]', x'', x'', b'0', 'b',"
                  + " 1999),"
                  + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                  + " NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
      case SQLITE ->
          db.execute(
              "CREATE TABLE "
                  + table
                  + " (id integer PRIMARY KEY, i integer, r real, t text, b boolean, j json,"
                  + " bl blob, n numeric, untyped)",
              "INSERT INTO "
                  + table
                  + " VALUES (1, 7, 1.5, 'a \"b\", c', 1, '{\"k\": [1, 2]}', x'00ff', 12.5, 'u'),"
                  + " (2, -5, 0.1, '', 0, '[]', x'', 3, 4),"
                  + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
      case H2 ->
          db.execute(
              "CREATE TABLE "
                  + table
                  + " (id int PRIMARY KEY, b boolean, ti tinyint, bi bigint, dec12 decimal(12,2),"
                  + " dbl double precision, r real, vc varchar(20), ch char(3), d date, tm time,"
                  + " ts timestamp, tstz timestamp with time zone, u uuid, j json,"
                  + " arr integer array, vb varbinary(10), iv interval day to second)",
              "INSERT INTO "
                  + table
                  + " VALUES (1, true, 7, 9223372036854775807, 1234.50, 0.1, 1.5, 'a \"b\", c',"
                  + " 'abc', DATE '2024-01-02', TIME '23:59:59.5',"
                  + " TIMESTAMP '2024-01-02 03:04:05.5',"
                  + " TIMESTAMP WITH TIME ZONE '2024-06-01 08:30:00.5+02',"
                  + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', JSON '{\"k\": [1, 2]}',"
                  + " ARRAY[1, NULL, 3], X'00ff', INTERVAL '1 02:00:00' DAY TO SECOND),"
                  + " (2, false, -1, -5, 0.01, 1e100, -2, '', 'x', DATE '0001-01-01',"
                  + " TIME '00:00:00', TIMESTAMP '2000-01-01 00:00:00',"
                  + " TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00',"
                  + " '00000000-0000-0000-0000-000000000000', JSON '[]', ARRAY[], X'',"
                  + " INTERVAL '-0 00:00:01' DAY TO SECOND),"
                  + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                  + " NULL, NULL, NULL, NULL, NULL)");
    }
  }
}
