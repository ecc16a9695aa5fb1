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

/**
 * SQLite's declared types in Parquet (by affinity), read back by DuckDB and compared with SQLite's
 * values.
 */
@Timeout(120)
class SqliteParquetTypesTest {
  static final TestDatabases DB = TestDatabases.SQLITE;
  static final String TABLE = TestDatabases.uniqueName("parquet_types_sqlite");

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    try (var c = DB.connect();
        var st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + TABLE);
      st.execute(
          "CREATE TABLE "
              + TABLE
              + " (id INTEGER PRIMARY KEY, i INTEGER, bi BIGINT, r REAL, d DOUBLE, t TEXT,"
              + " vc VARCHAR(10), bl BLOB, b BOOLEAN, j JSON, n NUMERIC, dt DATE, x)");
      st.execute(
          "INSERT INTO "
              + TABLE
              + " VALUES (1, 9223372036854775807, -9223372036854775808, 1.5, 9e999,"
              + " 'emoji \uD83D\uDE00 é', 'vc', x'00ff', 1, '{\"a\": [1, 2]}', 1.5, '2024-01-02',"
              + " 'any'),"
              + " (2, 0, 7, -0.25, -9e999, '', '', x'', 0, '[]', 7, '1970-01-01', 42),"
              + " (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
    }
  }

  @AfterAll
  static void dropTable() throws Exception {
    DB.drop(TABLE);
  }

  private static ReadBack.Col text(String name, String duckType) {
    return col(name, "CAST(" + name + " AS TEXT)", name + "::VARCHAR", duckType, Same.TEXT);
  }

  @Test
  void everyDeclaredTypeReadsBackAsSqliteReturnsIt() throws Exception {
    var file = dir.resolve("types.parquet");
    try (var c = DB.connect()) {
      ParquetFiles.write(
          c, "SELECT * FROM " + TABLE + " ORDER BY id", ParquetOptions.defaults(), file);
      ReadBack.check(
          c,
          TABLE,
          file,
          List.of(
              text("id", "BIGINT"),
              text("i", "BIGINT"),
              text("bi", "BIGINT"),
              col("r", "CAST(r AS TEXT)", "r::VARCHAR", "DOUBLE", Same.FLOAT),
              col("d", "CAST(d AS TEXT)", "d::VARCHAR", "DOUBLE", Same.FLOAT),
              text("t", "VARCHAR"),
              text("vc", "VARCHAR"),
              col(
                  "bl",
                  "CASE WHEN bl IS NULL THEN NULL ELSE hex(bl) END",
                  "hex(bl)",
                  "BLOB",
                  Same.TEXT),
              col(
                  "b",
                  "CASE WHEN b IS NULL THEN NULL WHEN b THEN 'true' ELSE 'false' END",
                  "b::VARCHAR",
                  "BOOLEAN",
                  Same.TEXT),
              col("j", "j", "j::VARCHAR", "JSON", Same.JSON),
              col("n", "CAST(n AS TEXT)", "n", "VARCHAR", Same.DECIMAL),
              text("dt", "VARCHAR"),
              text("x", "VARCHAR")));
    }
  }
}
