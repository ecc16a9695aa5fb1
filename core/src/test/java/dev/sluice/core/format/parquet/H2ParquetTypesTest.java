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

/** Every H2 type in Parquet, read back by DuckDB and compared with H2's values. */
@Timeout(120)
class H2ParquetTypesTest {
  static final TestDatabases DB = TestDatabases.H2;
  static final String TABLE = TestDatabases.uniqueName("parquet_types_h2");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    try (var c = DB.connect();
        var st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + TABLE);
      st.execute(
          "CREATE TABLE "
              + TABLE
              + " (id INT PRIMARY KEY, ti TINYINT, si SMALLINT, i INTEGER, bi BIGINT,"
              + " dc NUMERIC(20,5), r REAL, d DOUBLE PRECISION, b BOOLEAN, vc VARCHAR(20),"
              + " ch CHAR(3), dt DATE, tm TIME, tmtz TIME WITH TIME ZONE, ts TIMESTAMP,"
              + " tstz TIMESTAMP WITH TIME ZONE, u UUID, j JSON, bin VARBINARY(10),"
              + " ai INTEGER ARRAY, iv INTERVAL DAY TO SECOND)");
      st.execute(
          "INSERT INTO "
              + TABLE
              + " VALUES (1, 127, 32767, 2147483647, 9223372036854775807,"
              + " 123456789012345.12345, 0.1, 1.5e300, TRUE, 'emoji \uD83D\uDE00', 'abc',"
              + " DATE '9999-12-31', TIME '23:59:59.999999', TIME WITH TIME ZONE '23:59:59+05:30',"
              + " TIMESTAMP '9999-12-31 23:59:59.999999',"
              + " TIMESTAMP WITH TIME ZONE '2024-06-01 08:30:00.123456+02:00',"
              + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', JSON '{\"a\":[1,2]}', X'00ff',"
              + " ARRAY[1, NULL, 3], INTERVAL '1 02:03:04.5' DAY TO SECOND),"
              + " (2, -128, -32768, -2147483648, -9223372036854775808, -0.00001, -3.5, 0,"
              + " FALSE, '', '   ', DATE '1970-01-01', TIME '00:00:00',"
              + " TIME WITH TIME ZONE '12:00:00+00', TIMESTAMP '1900-01-01 00:00:00',"
              + " TIMESTAMP WITH TIME ZONE '1969-12-31 23:59:59.999999+00',"
              + " '00000000-0000-0000-0000-000000000000', JSON '[]', X'', ARRAY[],"
              + " INTERVAL '0 00:00:00' DAY TO SECOND),"
              + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
              + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    }
  }

  @AfterAll
  static void dropTable() throws Exception {
    DB.drop(TABLE);
  }

  private static ReadBack.Col text(String name, String duckType) {
    return col(name, "CAST(" + name + " AS VARCHAR)", name + "::VARCHAR", duckType, Same.TEXT);
  }

  @Test
  void everyTypeReadsBackAsH2ReturnsIt() throws Exception {
    var file = dir.resolve("types.parquet");
    try (var c = DB.connect()) {
      ParquetFiles.write(
          c, "SELECT * FROM " + TABLE + " ORDER BY id", ParquetOptions.defaults(), file);
      ReadBack.check(
          c,
          TABLE,
          file,
          List.of(
              text("id", "INTEGER"),
              text("ti", "TINYINT"),
              text("si", "SMALLINT"),
              text("i", "INTEGER"),
              text("bi", "BIGINT"),
              text("dc", "DECIMAL(20,5)"),
              col("r", "CAST(r AS VARCHAR)", "r::VARCHAR", "FLOAT", Same.FLOAT),
              col("d", "CAST(d AS VARCHAR)", "d::VARCHAR", "DOUBLE", Same.FLOAT),
              col("b", "LOWER(CAST(b AS VARCHAR))", "b::VARCHAR", "BOOLEAN", Same.TEXT),
              text("vc", "VARCHAR"),
              text("ch", "VARCHAR"),
              col(
                  "dt",
                  "CAST(DATEDIFF(DAY, DATE '1970-01-01', dt) AS VARCHAR)",
                  "(dt - DATE '1970-01-01')::VARCHAR",
                  "DATE",
                  Same.TEXT),
              text("tm", "TIME"),
              col(
                  "tmtz",
                  "REPLACE(CAST(tmtz AS VARCHAR), '+00', 'Z')",
                  "tmtz",
                  "VARCHAR",
                  Same.TEXT),
              col(
                  "ts",
                  "CAST(DATEDIFF(MICROSECOND, TIMESTAMP '1970-01-01 00:00:00', ts) AS VARCHAR)",
                  "epoch_us(ts)::VARCHAR",
                  "TIMESTAMP",
                  Same.TEXT),
              col(
                  "tstz",
                  "CAST(CAST(EXTRACT(EPOCH FROM tstz) * 1000000 AS BIGINT) AS VARCHAR)",
                  "epoch_us(tstz)::VARCHAR",
                  "TIMESTAMP WITH TIME ZONE",
                  Same.TEXT),
              text("u", "UUID"),
              col("j", "CAST(j AS VARCHAR)", "j::VARCHAR", "JSON", Same.JSON),
              col("bin", "RAWTOHEX(bin)", "lower(hex(bin))", "BLOB", Same.TEXT),
              col(
                  "ai",
                  "REPLACE(CAST(ai AS VARCHAR), 'NULL', 'null')",
                  "to_json(ai)::VARCHAR",
                  "INTEGER[]",
                  Same.JSON),
              col("iv", "CAST(iv AS VARCHAR)", "iv", "VARCHAR", Same.TEXT)));
    }
  }
}
