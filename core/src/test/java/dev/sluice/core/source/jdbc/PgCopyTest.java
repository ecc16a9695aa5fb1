package dev.sluice.core.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.core.ExportException;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSetMetaData;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

/**
 * PostgreSQL through {@code COPY (query) TO STDOUT}: the same bytes as through the ResultSet, for
 * every format, on every type COPY text can feed, with the values that need COPY's escapes.
 */
@Timeout(60)
class PgCopyTest {
  static final TestDatabases PG = TestDatabases.POSTGRESQL;
  static final String TABLE = TestDatabases.uniqueName("src_copy_pg");
  static final String TEXT =
      "emoji \uD83D\uDE00 max \uDBFF\uDFFF ctl \u0001\b\f\u000b\u001f\u007f"
          + " tab\t cr\r lf\n crlf\r\n quote\" backslash\\ \\N \\\\ \\x41 \\101 comma, \u2028 é";

  @BeforeAll
  static void createTable() throws Exception {
    PG.drop(TABLE);
    PG.execute(
        "CREATE TABLE "
            + TABLE
            + " (id int PRIMARY KEY, i2 smallint, i8 bigint,"
            + " num numeric, num12 numeric(12,2), f4 real, f8 double precision, b boolean, t text,"
            + " vc varchar(20), ch char(3), d date, tm time, tmtz timetz, ts timestamp,"
            + " tstz timestamptz, u uuid, j json, jb jsonb, ai int[], at text[], an numeric[],"
            + " ab bool[], a2 int[][])");
    PG.execute(
        "INSERT INTO "
            + TABLE
            + " VALUES (1, 32767, 9223372036854775807,"
            + " 12345678901234567890.123456789012345678, 1234567890.12, 'Infinity', 'NaN', true,"
            + " 'plain', 'vc', 'abc', '9999-12-31', '23:59:59.999999', '23:59:59+05:30',"
            + " '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.999999+00',"
            + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', E'{\"a\": [1, 2],\\n\\t\"b\": \"x\\\\ty\"}',"
            + " '{\"k\": \"v\", \"n\": 1.50, \"s\": \"line\\nbreak\\\\\"}', '{1,NULL,3}',"
            + " '{\"a b\",NULL,\"c\\\"d\",\"NULL\",\"\",x,\"back\\\\slash\"}',"
            + " '{1.5,NaN,-Infinity}', '{t,f,NULL}', '{{1,2},{3,4}}')",
        "INSERT INTO "
            + TABLE
            + " VALUES (2, -32768, -9223372036854775808,"
            + " -0.000000000000000000000000000000000001, -0.5, '-Infinity', '-0', false, '', '',"
            + " '', '0044-03-15 BC', '00:00:00', '12:00:00+05:30:15', '10000-01-01 00:00:00',"
            + " '2024-06-01 12:00:00.5+05:30', '00000000-0000-0000-0000-000000000000', 'null',"
            + " '[]', '{}', '{}', '{}', '{}', '{}')",
        "INSERT INTO " + TABLE + " (id) VALUES (3)",
        "INSERT INTO "
            + TABLE
            + " (id, d, ts, tstz) VALUES (4, 'infinity', '-infinity',"
            + " 'infinity')",
        "INSERT INTO "
            + TABLE
            + " (id, t, vc, at) SELECT 5 + n, repeat("
            + literal(TEXT)
            + ", CASE WHEN n = 7 THEN 2000 ELSE n % 40 END), '\\',"
            + " ARRAY["
            + literal(TEXT)
            + ", '{,}', '\\N', E'\\t']"
            + " FROM generate_series(0, 2000) n");
  }

  @AfterAll
  static void dropTable() throws Exception {
    PG.drop(TABLE);
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  @ParameterizedTest
  // Not Parquet: the table's numeric[] holds NaN, which a Parquet DECIMAL refuses (docs/types.md).
  @EnumSource(
      value = Format.class,
      names = {"NDJSON", "CSV", "JSON"})
  void copyWritesWhatTheResultSetWrites(Format format) throws Exception {
    var query = "SELECT * FROM " + TABLE + " ORDER BY id";
    var viaCopy = export(query, format, true, true);
    var viaResultSet = export(query, format, false, false);

    assertThat(viaCopy.length).isGreaterThan(2000 * 20 * 100);
    assertThat(new String(viaCopy, StandardCharsets.UTF_8))
        .isEqualTo(new String(viaResultSet, StandardCharsets.UTF_8));
    assertThat(viaCopy).isEqualTo(viaResultSet);
  }

  @Test
  void aTrailingSemicolonOrCommentStillGoesThroughCopy() throws Exception {
    var query = "SELECT id, t FROM " + TABLE + " WHERE id < 10 ORDER BY id";
    var expected = export(query, Format.CSV, false, false);
    assertThat(export(query + "; \n", Format.CSV, true, true)).isEqualTo(expected);
    assertThat(export(query + " -- the end", Format.CSV, true, true)).isEqualTo(expected);
  }

  @Test
  void aColumnCopyCannotFeedKeepsTheResultSet() throws Exception {
    var query =
        "SELECT id, interval '1 day' AS iv, '\\x00ff'::bytea AS by FROM "
            + TABLE
            + " WHERE id < 3 ORDER BY id";
    assertThat(new String(export(query, Format.NDJSON, true, false), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"id\":1,\"iv\":\"P1D\",\"by\":\"AP8=\"}\n"
                + "{\"id\":2,\"iv\":\"P1D\",\"by\":\"AP8=\"}\n");
  }

  @Test
  void aStatementThatCannotBeWrappedKeepsTheResultSet() throws Exception {
    assertThat(
            new String(
                export("SHOW client_encoding", Format.CSV, true, false), StandardCharsets.UTF_8))
        .isEqualTo("client_encoding\nUTF8\n");
  }

  @Test
  void badSqlFailsWithTheQuerysOwnError() throws Exception {
    var e =
        catchThrowableOfType(
            ExportException.class, () -> export("SELEC 1", Format.CSV, true, false));
    assertThat(e.getMessage()).isEqualTo("query failed: ERROR: syntax error at or near \"SELEC\"");
  }

  @Test
  void copyRunsInTheReadOnlyTransaction() throws Exception {
    var out =
        export("SELECT current_setting('transaction_read_only') AS ro", Format.CSV, true, true);
    assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("ro\non\n");
  }

  /**
   * COPY output cut anywhere (inside a value, inside an escape, at a row's newline) or with many
   * rows in one piece reads as the same rows as the driver's one row per message.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 100, 4096, Integer.MAX_VALUE})
  void rowsCutAnywhereAcrossChunksReadTheSame(int size) throws Exception {
    var query = "SELECT * FROM " + TABLE + " ORDER BY id";
    var expected = export(query, Format.NDJSON, false, false);
    try (var c = PG.connect()) {
      ResultSetMetaData md;
      try (var st = c.createStatement();
          var rs = st.executeQuery("SELECT * FROM (" + query + ") q LIMIT 0")) {
        md = rs.getMetaData();
      }
      var text = new ByteArrayOutputStream();
      c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + query + ") TO STDOUT", text);
      byte[] all = text.toByteArray();
      var pos = new int[1];
      PgCopy.Chunks chunks =
          () -> {
            if (pos[0] == all.length) {
              return null;
            }
            int n = (int) Math.min(size, all.length - pos[0]);
            byte[] piece = Arrays.copyOfRange(all, pos[0], pos[0] + n);
            pos[0] += n;
            return piece;
          };
      var rows = PgCopy.rows(md, chunks);
      var out = new ByteArrayOutputStream();
      var encoder = Format.NDJSON.encoder(rows, FormatOptions.defaults(), out);
      encoder.begin();
      while (rows.next()) {
        encoder.write();
      }
      encoder.end();
      assertThat(out.toByteArray()).isEqualTo(expected);
    }
  }

  /** The query's output; {@code copied} says whether it must (not) have gone through COPY. */
  static byte[] export(String query, Format format, boolean pgCopy, boolean copied)
      throws Exception {
    var source = PG.source().query(query).pgCopy(pgCopy).fetchSize(100).build();
    try (var cursor = (JdbcCursor) source.open()) {
      cursor.execute();
      var out = new ByteArrayOutputStream();
      var rows = cursor.rows();
      var encoder = format.encoder(rows, FormatOptions.defaults(), out);
      encoder.begin();
      while (rows.next()) {
        encoder.write();
      }
      encoder.end();
      assertThat(cursor.copying()).as("through COPY").isEqualTo(copied);
      return out.toByteArray();
    }
  }
}
