package dev.sluice.core.format.parquet;

import static dev.sluice.core.format.parquet.ReadBack.col;

import dev.sluice.core.format.parquet.ReadBack.Same;
import dev.sluice.core.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every PostgreSQL type in Parquet, read back by DuckDB and compared with PostgreSQL's values. */
@Timeout(120)
class PgParquetTypesTest {
  static final TestDatabases PG = TestDatabases.POSTGRESQL;
  static final String TABLE = TestDatabases.uniqueName("parquet_types_pg");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    try (var c = PG.connect();
        var st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + TABLE);
      st.execute(
          "CREATE TABLE "
              + TABLE
              + " "
              + """
               (id int PRIMARY KEY, i2 smallint, i4 int, i8 bigint, num numeric,
                num12 numeric(12,2), num30 numeric(30,10), f4 real, f8 double precision,
                b boolean, t text, vc varchar(20), ch char(3), d date, tm time, tmtz timetz,
                ts timestamp, tstz timestamptz, iv interval, u uuid, j json, jb jsonb,
                ai int[], txts text[], an numeric[], ab bool[], ats timestamptz[], bin bytea,
                m money, net inet, r int4range)""");
      st.execute(
          "INSERT INTO "
              + TABLE
              + " "
              + """
               VALUES (1, 32767, 2147483647, 9223372036854775807,
                12345678901234567890.123456789012345678, 1234567890.12,
                12345678901234567890.0123456789, 'Infinity', 'NaN', true,
                E'emoji \\U0001F600 tab\\t quote" é', 'vc', 'abc', '9999-12-31',
                '23:59:59.999999', '23:59:59+05:30', '9999-12-31 23:59:59.999999',
                '2024-06-01 08:30:00.123456+02', '1 year 2 mons 3 days 04:05:06.5',
                'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2], "b": "x"}',
                '{"k": "v", "n": 1.50}', '{1,NULL,3}', '{"a b",NULL,"c\\"d","NULL",""}',
                '{1.5,-2,0.000001}', '{t,f,NULL}', '{"2024-01-02 03:04:05.5+00"}', '\\x00ff',
                '-1234.50', '192.168.0.1/24', '[1,5)'),
               (2, -32768, -2147483648, -9223372036854775808, -0.5, -0.01, 0, '-Infinity',
                -1.5e300, false, '', '', '   ', '0044-03-15 BC', '00:00:00', '12:00:00+00',
                '1900-01-01 00:00:00', '1969-12-31 23:59:59.999999+00', '-1 days -00:00:01',
                '00000000-0000-0000-0000-000000000000', '[]', 'null', '{}', '{}', '{}', '{}',
                '{}', '', 0, '::1', 'empty'),
               (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                NULL, NULL, NULL, NULL),
               (4, 0, 0, 0, 0.000000000000000001, 99.99, -99999999999999999999.9999999999,
                0.1, 0.1, NULL, 'x', NULL, NULL, '2000-02-29', '12:34:56.5', NULL,
                '2000-02-29 12:34:56.000001', '2262-04-11 23:47:16.854775+00', 'PT0S', NULL,
                NULL, NULL, '{NULL}', '{NULL}', NULL, NULL, NULL, NULL, NULL, NULL, NULL)""");
    }
  }

  @AfterAll
  static void dropTable() throws Exception {
    PG.drop(TABLE);
  }

  @Test
  void everyTypeReadsBackAsPostgresqlReturnsIt() throws Exception {
    var file = dir.resolve("types.parquet");
    try (var c = PG.connect()) {
      ParquetFiles.write(
          c, "SELECT * FROM " + TABLE + " ORDER BY id", ParquetOptions.defaults(), file);
      try (var st = c.createStatement()) {
        st.execute("SET intervalstyle = iso_8601");
      }
      var epochUs = "(extract(epoch FROM %s) * 1000000)::bigint::text";
      ReadBack.check(
          c,
          TABLE,
          file,
          List.of(
              col("id", "INTEGER"),
              col("i2", "SMALLINT"),
              col("i4", "INTEGER"),
              col("i8", "BIGINT"),
              col("num", "num::text", "num::VARCHAR", "DECIMAL(38,18)", Same.DECIMAL),
              col("num12", "DECIMAL(12,2)"),
              col("num30", "DECIMAL(30,10)"),
              col("f4", "f4::text", "f4::VARCHAR", "FLOAT", Same.FLOAT),
              col("f8", "f8::text", "f8::VARCHAR", "DOUBLE", Same.FLOAT),
              col("b", "b::text", "b::VARCHAR", "BOOLEAN", Same.TEXT),
              col("t", "VARCHAR"),
              col("vc", "VARCHAR"),
              col("ch", "VARCHAR"),
              col(
                  "d",
                  "(d - date '1970-01-01')::text",
                  "(d - DATE '1970-01-01')::VARCHAR",
                  "DATE",
                  Same.TEXT),
              col("tm", "tm::text", "tm::VARCHAR", "TIME", Same.TEXT),
              col("tmtz", "replace(tmtz::text, '+00', 'Z')", "tmtz", "VARCHAR", Same.TEXT),
              col("ts", epochUs.formatted("ts"), "epoch_us(ts)::VARCHAR", "TIMESTAMP", Same.TEXT),
              col(
                  "tstz",
                  epochUs.formatted("tstz"),
                  "epoch_us(tstz)::VARCHAR",
                  "TIMESTAMP WITH TIME ZONE",
                  Same.TEXT),
              col("iv", "iv::text", "iv", "VARCHAR", Same.TEXT),
              col("u", "u::text", "u::VARCHAR", "UUID", Same.TEXT),
              col("j", "j::text", "j::VARCHAR", "JSON", Same.TEXT),
              col("jb", "jb::text", "jb::VARCHAR", "JSON", Same.TEXT),
              col("ai", "array_to_json(ai)::text", "to_json(ai)::VARCHAR", "INTEGER[]", Same.JSON),
              col(
                  "txts",
                  "array_to_json(txts)::text",
                  "to_json(txts)::VARCHAR",
                  "VARCHAR[]",
                  Same.JSON),
              col(
                  "an",
                  "array_to_json(an)::text",
                  "to_json(an)::VARCHAR",
                  "DECIMAL(38,18)[]",
                  Same.JSON),
              col("ab", "array_to_json(ab)::text", "to_json(ab)::VARCHAR", "BOOLEAN[]", Same.JSON),
              col(
                  "ats",
                  "(SELECT array_to_json(array_agg((extract(epoch FROM x) * 1000000)::bigint))"
                      + " FROM unnest(ats) x)::text",
                  "CASE WHEN len(ats) = 0 THEN NULL ELSE"
                      + " to_json(list_transform(ats, x -> epoch_us(x)))::VARCHAR END",
                  "TIMESTAMP WITH TIME ZONE[]",
                  Same.JSON),
              col("bin", "encode(bin, 'hex')", "lower(hex(bin))", "BLOB", Same.TEXT),
              col("m", "m::text", "m", "VARCHAR", Same.TEXT),
              col("net", "nullif(format('%s', net), '')", "net", "VARCHAR", Same.TEXT),
              col("r", "r::text", "r", "VARCHAR", Same.TEXT)));
    }
  }
}
