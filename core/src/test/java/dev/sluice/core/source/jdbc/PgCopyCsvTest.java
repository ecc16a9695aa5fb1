package dev.sluice.core.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSetMetaData;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

/**
 * PostgreSQL's COPY in CSV form, whose text and JSON fields the CSV encoder copies as they come:
 * the same bytes as COPY's text form and as the ResultSet, for every CSV dialect, on every type
 * COPY can feed, with the values quoting and NULL make hard.
 */
@Timeout(60)
class PgCopyCsvTest {
  static final TestDatabases PG = TestDatabases.POSTGRESQL;
  static final String TABLE = TestDatabases.uniqueName("src_copy_csv");

  /** Text values in every kind of trouble a CSV field can be in. */
  static final String[] TEXTS = {
    "plain",
    "",
    "comma, in it",
    "semi; colon",
    "tab\there",
    "pipe|here",
    "quote\" inside",
    "\"quoted\"",
    "\"",
    "lf\nin it",
    "cr\rin it",
    "crlf\r\n",
    "\\.",
    "\\N",
    "NULL",
    "null",
    "0",
    "NaN",
    "it's",
    "∅",
    " spaces ",
    "emoji \uD83D\uDE00 é \u2028",
    "back\\slash",
  };

  @BeforeAll
  static void createTable() throws Exception {
    PG.drop(TABLE);
    PG.execute(
        "CREATE TABLE "
            + TABLE
            + " (id int PRIMARY KEY, i2 smallint, i4 int, i8 bigint, num numeric,"
            + " num12 numeric(12,2), f4 real, f8 double precision, b boolean, t text,"
            + " vc varchar(40), ch char(4), nm name, x xml, u uuid, j json, jb jsonb, d date,"
            + " tm time, tmtz timetz, ts timestamp, tstz timestamptz, ai int[], at text[],"
            + " an numeric[])");
    PG.execute(
        "INSERT INTO "
            + TABLE
            + " VALUES (1, 32767, 0, 9223372036854775807, 'NaN', 0, 'Infinity', 'NaN', true,"
            + " 'a', 'b', 'c', 'name', '<a>x</a>', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
            + " E'{\"a\": [1, 2],\\n\\t\"b\": \"x,y\"}', '{\"k\": \"v\\nw\", \"n\": 1.50}',"
            + " '2024-01-02', '23:59:59.5', '23:59:59+05:30', '2024-01-02 03:04:05.5',"
            + " '2024-06-01 12:00:00.5+05:30', '{1,NULL,3}', '{\"a,b\",NULL,\"c\\\"d\",\"\"}',"
            + " '{1.5,NaN}')",
        "INSERT INTO "
            + TABLE
            + " VALUES (2, -32768, -1, -9223372036854775808, 'Infinity', -0.5, '-Infinity',"
            + " '1e+100', false, '', '', '', '', '', '00000000-0000-0000-0000-000000000000',"
            + " 'null', '[]', 'infinity', '00:00:00', '00:00:00+00', '-infinity', 'infinity',"
            + " '{}', '{}', '{}')",
        "INSERT INTO "
            + TABLE
            + " VALUES (3, 0, 1, 0, '-Infinity', 12.30, 0.1, -0, NULL, 'NULL', 'NaN', '0',"
            + " '\\N', NULL, NULL, NULL, 'null', NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
            + " NULL)",
        "INSERT INTO " + TABLE + " (id) VALUES (4)");
    var insert = new StringBuilder("INSERT INTO " + TABLE + " (id, t, vc, j, at) VALUES ");
    for (int i = 0; i < TEXTS.length; i++) {
      var s = literal(TEXTS[i]);
      insert.append(i == 0 ? "" : ", ").append("(").append(10 + i).append(", ").append(s);
      insert.append(", ").append(s).append(", to_json(").append(s).append("::text)");
      insert.append(", ARRAY[").append(s).append(", ").append(s).append("])");
    }
    PG.execute(insert.toString());
  }

  @AfterAll
  static void dropTable() throws Exception {
    PG.drop(TABLE);
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** CSV dialects: delimiters, and NULL texts a value of the table equals. */
  static Stream<FormatOptions> dialects() {
    return Stream.of(
        options(',', ""),
        options('\t', ""),
        options(',', "NULL"),
        options('|', "\\N"),
        options(';', "0"),
        options(',', "NaN"),
        options(',', "null"),
        options(',', "it's"),
        options(',', "∅"),
        options('\'', " spaces "),
        options('\\', "x"));
  }

  static FormatOptions options(char delimiter, String nullText) {
    return FormatOptions.builder().csvDelimiter(delimiter).csvNull(nullText).build();
  }

  @ParameterizedTest
  @MethodSource("dialects")
  void copyCsvWritesWhatCopyTextWrites(FormatOptions options) throws Exception {
    var query = "SELECT * FROM " + TABLE + " ORDER BY id";
    var viaCsv = export(query, options, true, Path.COPY_CSV);
    var viaText = export(query, options, false, Path.COPY_TEXT);
    var viaResultSet = export(query, options, false, Path.RESULT_SET);

    assertThat(viaText).hasSizeGreaterThan(1000);
    assertThat(new String(viaCsv, StandardCharsets.UTF_8))
        .isEqualTo(new String(viaText, StandardCharsets.UTF_8));
    assertThat(viaCsv).isEqualTo(viaText).isEqualTo(viaResultSet);
  }

  @Test
  void aLoneBackslashDotInASingleColumnKeepsCopyText() throws Exception {
    var options = FormatOptions.defaults();
    var query = "SELECT t FROM " + TABLE + " ORDER BY id";
    var out = export(query, options, false, Path.COPY_TEXT);
    assertThat(new String(out, StandardCharsets.UTF_8)).contains("\n\\.\n");
    assertThat(export(query, options, true, Path.COPY_TEXT)).isEqualTo(out);
  }

  @Test
  void aLoneBackslashDotBesideAnotherColumnIsCopiedUnquoted() throws Exception {
    var options = FormatOptions.defaults();
    var query = "SELECT id, t FROM " + TABLE + " WHERE t = '\\.'";
    assertThat(new String(export(query, options, true, Path.COPY_CSV), StandardCharsets.UTF_8))
        .isEqualTo("id,t\n22,\\.\n");
  }

  @Test
  void columnsNoneOfWhichCanBeCopiedKeepCopyText() throws Exception {
    var query = "SELECT b, d, tstz, ai FROM " + TABLE + " ORDER BY id";
    var options = FormatOptions.defaults();
    assertThat(export(query, options, true, Path.COPY_TEXT))
        .isEqualTo(export(query, options, false, Path.RESULT_SET));
  }

  @Test
  void typesCopyCannotFeedKeepTheResultSet() throws Exception {
    var query =
        "SELECT id, t, interval '1 day' AS iv, '\\x00ff'::bytea AS by, 1.5::money AS m,"
            + " '192.168.0.1/24'::inet AS ip, B'101' AS bits FROM "
            + TABLE
            + " ORDER BY id";
    var options = options(',', "NULL");
    assertThat(export(query, options, true, true, Path.RESULT_SET))
        .isEqualTo(export(query, options, false, Path.RESULT_SET));
  }

  /**
   * COPY's CSV cut anywhere (inside a quoted field, between a doubled quote, at a row's newline) or
   * with many rows in one piece reads as the same rows as one row per message.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 100, 4096, Integer.MAX_VALUE})
  void rowsCutAnywhereAcrossChunksReadTheSame(int size) throws Exception {
    var options = options(',', "NULL");
    var query = "SELECT * FROM " + TABLE + " ORDER BY id";
    var expected = export(query, options, false, Path.COPY_TEXT);
    try (var c = PG.connect()) {
      ResultSetMetaData md;
      try (var st = c.createStatement();
          var rs = st.executeQuery("SELECT * FROM (" + query + ") q LIMIT 0")) {
        md = rs.getMetaData();
      }
      var csv = new ByteArrayOutputStream();
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyOut(PgCopy.csvCommand(query, options.csvDialect()), csv);
      byte[] all = csv.toByteArray();
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
      var rows = PgCopy.csvRows(md, chunks, options.csvDialect(), SqlFailure::query);
      assertThat(rows.csvFields(options.csvDialect())).isNotNull();
      assertThat(rows.csvFields(FormatOptions.defaults().csvDialect())).isNull();
      var out = new ByteArrayOutputStream();
      var encoder = Format.CSV.encoder(rows, options, out);
      encoder.begin();
      while (rows.next()) {
        encoder.write();
      }
      encoder.end();
      assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8))
          .isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }
  }

  /** How the rows of an export came. */
  enum Path {
    COPY_CSV,
    COPY_TEXT,
    RESULT_SET
  }

  /**
   * The query's CSV; {@code hint} says whether the cursor is told the rows become CSV, {@code path}
   * how the rows must have come ({@code RESULT_SET}: with COPY turned off).
   */
  static byte[] export(String query, FormatOptions options, boolean hint, Path path)
      throws Exception {
    return export(query, options, path != Path.RESULT_SET, hint, path);
  }

  static byte[] export(String query, FormatOptions options, boolean pgCopy, boolean hint, Path path)
      throws Exception {
    var source = PG.source().query(query).pgCopy(pgCopy).fetchSize(100).build();
    try (var cursor = (JdbcCursor) source.open()) {
      if (hint) {
        cursor.csv(options.csvDialect());
      }
      cursor.execute();
      var out = new ByteArrayOutputStream();
      var rows = cursor.rows();
      var encoder = Format.CSV.encoder(rows, options, out);
      encoder.begin();
      while (rows.next()) {
        encoder.write();
      }
      encoder.end();
      assertThat(cursor.copying()).as("through COPY").isEqualTo(path != Path.RESULT_SET);
      assertThat(cursor.copyingCsv()).as("through COPY as CSV").isEqualTo(path == Path.COPY_CSV);
      return out.toByteArray();
    }
  }
}
