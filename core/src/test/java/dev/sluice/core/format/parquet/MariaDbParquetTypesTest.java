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

/** Every MariaDB type in Parquet, read back by DuckDB and compared with MariaDB's values. */
@Timeout(120)
class MariaDbParquetTypesTest {
  static final TestDatabases DB = TestDatabases.MARIADB;
  static final String TABLE = TestDatabases.uniqueName("parquet_types_maria");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    try (var c = DB.connect();
        var st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + TABLE);
      st.execute(
          "CREATE TABLE "
              + TABLE
              + " (id int PRIMARY KEY, ti tinyint, si smallint, mi mediumint, i int, bi bigint,"
              + " bu bigint unsigned, iu int unsigned, dc decimal(12,2), dc65 decimal(65,30),"
              + " f float, d double, b boolean, b1 bit(1), b8 bit(8), vc varchar(20), t text,"
              + " dt date, tm time(6), dtt datetime(6), ts timestamp(6) NULL, j json, bl blob,"
              + " e enum('a','b'), y year)");
      st.execute(
          "INSERT INTO "
              + TABLE
              + " VALUES (1, 127, 32767, 8388607, 2147483647, 9223372036854775807,"
              + " 18446744073709551615, 4294967295, 1234567890.12, 12345678.123456789012345678901234567890,"
              + " 0.1, 1.5e300, true, b'1', b'11111111', 'vc', 'emoji \\U0001F600 é',"
              + " '9999-12-31', '23:59:59.999999', '9999-12-31 23:59:59.999999',"
              + " '2024-06-01 08:30:00.123456', '{\"a\": [1, 2], \"n\": 1.50}', x'00ff', 'b', 2024),"
              + " (2, -128, -32768, -8388608, -2147483648, -9223372036854775808, 0, 0, -0.01, 0,"
              + " -3.5, -0.0, false, b'0', b'00000000', '', '', '1000-01-01', '00:00:00',"
              + " '1000-01-01 00:00:00', '1970-01-02 00:00:00', '[]', '', 'a', 1901),"
              + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
              + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    }
  }

  @AfterAll
  static void dropTable() throws Exception {
    DB.drop(TABLE);
  }

  private static ReadBack.Col text(String name, String duckType) {
    return col(name, "CAST(" + name + " AS CHAR)", name + "::VARCHAR", duckType, Same.TEXT);
  }

  @Test
  void everyTypeReadsBackAsMariaDbReturnsIt() throws Exception {
    var file = dir.resolve("types.parquet");
    try (var c = DB.connect()) {
      ParquetFiles.write(
          c, "SELECT * FROM " + TABLE + " ORDER BY id", ParquetOptions.defaults(), file);
      var micros = "TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', %s)";
      ReadBack.check(
          c,
          TABLE,
          file,
          List.of(
              text("id", "INTEGER"),
              text("ti", "TINYINT"),
              text("si", "SMALLINT"),
              text("mi", "INTEGER"),
              text("i", "INTEGER"),
              text("bi", "BIGINT"),
              text("bu", "UBIGINT"),
              text("iu", "BIGINT"),
              text("dc", "DECIMAL(12,2)"),
              col("dc65", "CAST(dc65 AS CHAR)", "dc65::VARCHAR", "DECIMAL(38,30)", Same.DECIMAL),
              col("f", "CAST(f AS CHAR)", "f::VARCHAR", "FLOAT", Same.FLOAT),
              col("d", "CAST(d AS CHAR)", "d::VARCHAR", "DOUBLE", Same.FLOAT),
              col(
                  "b",
                  "CASE WHEN b IS NULL THEN NULL WHEN b THEN 'true' ELSE 'false' END",
                  "b::VARCHAR",
                  "BOOLEAN",
                  Same.TEXT),
              col(
                  "b1",
                  "CASE WHEN b1 IS NULL THEN NULL WHEN b1 = 1 THEN 'true' ELSE 'false' END",
                  "b1::VARCHAR",
                  "BOOLEAN",
                  Same.TEXT),
              col("b8", "LPAD(HEX(b8), 2, '0')", "hex(b8)", "BLOB", Same.TEXT),
              text("vc", "VARCHAR"),
              text("t", "VARCHAR"),
              col(
                  "dt",
                  "CAST(DATEDIFF(dt, '1970-01-01') AS CHAR)",
                  "(dt - DATE '1970-01-01')::VARCHAR",
                  "DATE",
                  Same.TEXT),
              col(
                  "tm",
                  "CAST((HOUR(tm) * 3600 + MINUTE(tm) * 60 + SECOND(tm)) * 1000000"
                      + " + MICROSECOND(tm) AS CHAR)",
                  "((hour(tm) * 3600 + minute(tm) * 60) * 1000000 + microsecond(tm))::VARCHAR",
                  "TIME",
                  Same.TEXT),
              col(
                  "dtt",
                  "CAST(" + micros.formatted("dtt") + " AS CHAR)",
                  "epoch_us(dtt)::VARCHAR",
                  "TIMESTAMP",
                  Same.TEXT),
              col(
                  "ts",
                  "CAST(" + micros.formatted("ts") + " AS CHAR)",
                  "epoch_us(ts)::VARCHAR",
                  "TIMESTAMP",
                  Same.TEXT),
              col("j", "j", "j::VARCHAR", "JSON", Same.JSON),
              col("bl", "HEX(bl)", "hex(bl)", "BLOB", Same.TEXT),
              text("e", "VARCHAR"),
              text("y", "SMALLINT")));
    }
  }
}
