package dev.sluice.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.source.jdbc.Dialect;
import dev.sluice.core.source.jdbc.JdbcSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The type mapping against a real PostgreSQL: every type, its edge values, every format. */
@Timeout(60)
class PgEncoderTest {
  static final String URL = "jdbc:postgresql://127.0.0.1:5432/sluice_test?user=postgres";

  /** Unique per JVM: other worktrees run this class against the same database at once. */
  static final String TABLE = "fmt_types_pg_" + ProcessHandle.current().pid();

  static final String QUERY = "SELECT * FROM " + TABLE + " ORDER BY id";

  /** Row id to column to the expected JSON value. */
  static final Map<Integer, Map<String, String>> EXPECTED = new LinkedHashMap<>();

  static final String TEXT =
      "emoji \uD83D\uDE00 max \uDBFF\uDFFF ctl \u0001\u001f\u007f tab\t"
          + " cr\r lf\n crlf\r\n quote\" backslash\\ comma, semicolon; \u2028 é";

  private static Connection c;

  @BeforeAll
  static void createTable() throws Exception {
    c = DriverManager.getConnection(URL);
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + TABLE);
      st.execute(
          t(
              """
          CREATE TABLE $T (id int PRIMARY KEY, i2 smallint, i4 int, i8 bigint,
            num numeric, num12 numeric(12,2), f4 real, f8 double precision, b boolean, t text,
            vc varchar(20), ch char(3), d date, tm time, tmtz timetz, ts timestamp,
            tstz timestamptz, iv interval, u uuid, j json, jb jsonb, ai int[], at text[],
            an numeric[], ab bool[], a2 int[][], ats timestamptz[], by bytea)"""));
      st.execute(
          t(
              """
          INSERT INTO $T VALUES (1, 32767, 2147483647, 9223372036854775807,
            12345678901234567890.123456789012345678, 1234567890.12, 'Infinity', 'NaN', true,
            'plain', 'vc', 'abc', '9999-12-31', '23:59:59.999999', '23:59:59+05:30',
            '9999-12-31 23:59:59.999999', '9999-12-31 23:59:59.999999+00',
            '1 year 2 mons 3 days 04:05:06.5', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
            E'{"a": [1, 2],\\n "b": "x"}', '{"k": "v", "n": 1.50, "s": "line\\nbreak"}',
            '{1,NULL,3}', '{"a b",NULL,"c\\"d","NULL","",x,"back\\\\slash"}',
            '{1.5,NaN,-Infinity}', '{t,f,NULL}', '{{1,2},{3,4}}',
            '{"2024-01-02 03:04:05+00"}', '\\x00ff')"""));
      EXPECTED.put(
          1,
          Map.ofEntries(
              Map.entry("i2", "32767"),
              Map.entry("i4", "2147483647"),
              Map.entry("i8", "9223372036854775807"),
              Map.entry("num", "12345678901234567890.123456789012345678"),
              Map.entry("num12", "1234567890.12"),
              Map.entry("f4", "\"Infinity\""),
              Map.entry("f8", "\"NaN\""),
              Map.entry("b", "true"),
              Map.entry("t", "\"plain\""),
              Map.entry("vc", "\"vc\""),
              Map.entry("ch", "\"abc\""),
              Map.entry("d", "\"9999-12-31\""),
              Map.entry("tm", "\"23:59:59.999999\""),
              Map.entry("tmtz", "\"23:59:59+05:30\""),
              Map.entry("ts", "\"9999-12-31T23:59:59.999999\""),
              Map.entry("tstz", "\"9999-12-31T23:59:59.999999Z\""),
              Map.entry("iv", "\"P1Y2M3DT4H5M6.5S\""),
              Map.entry("u", "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\""),
              Map.entry("j", "{\"a\":[1,2],\"b\":\"x\"}"),
              Map.entry("jb", "{\"k\":\"v\",\"n\":1.50,\"s\":\"line\\nbreak\"}"),
              Map.entry("ai", "[1,null,3]"),
              Map.entry("at", "[\"a b\",null,\"c\\\"d\",\"NULL\",\"\",\"x\",\"back\\\\slash\"]"),
              Map.entry("an", "[1.5,\"NaN\",\"-Infinity\"]"),
              Map.entry("ab", "[true,false,null]"),
              Map.entry("a2", "[[1,2],[3,4]]"),
              Map.entry("ats", "[\"2024-01-02T03:04:05Z\"]"),
              Map.entry("by", "\"AP8=\"")));
      st.execute(
          t(
              """
          INSERT INTO $T VALUES (2, -32768, -2147483648, -9223372036854775808,
            -0.000000000000000000000000000000000001, -0.5, '-Infinity', '-0', false, '', '',
            '', '0001-01-01', '00:00:00', '00:00:00-08', '0001-01-01 00:00:00',
            '0001-01-01 00:00:00+00', '-1 days -00:00:01',
            '00000000-0000-0000-0000-000000000000', 'null', '[]', '{}', '{}', '{}', '{}', '{}',
            '{}', '\\x')"""));
      EXPECTED.put(
          2,
          Map.ofEntries(
              Map.entry("i2", "-32768"),
              Map.entry("i4", "-2147483648"),
              Map.entry("i8", "-9223372036854775808"),
              Map.entry("num", "-0.000000000000000000000000000000000001"),
              Map.entry("num12", "-0.50"),
              Map.entry("f4", "\"-Infinity\""),
              Map.entry("f8", "-0"),
              Map.entry("b", "false"),
              Map.entry("t", "\"\""),
              Map.entry("vc", "\"\""),
              Map.entry("ch", "\"   \""),
              Map.entry("d", "\"0001-01-01\""),
              Map.entry("tm", "\"00:00:00\""),
              Map.entry("tmtz", "\"00:00:00-08:00\""),
              Map.entry("ts", "\"0001-01-01T00:00:00\""),
              Map.entry("tstz", "\"0001-01-01T00:00:00Z\""),
              Map.entry("iv", "\"P-1DT-1S\""),
              Map.entry("u", "\"00000000-0000-0000-0000-000000000000\""),
              Map.entry("j", "null"),
              Map.entry("jb", "[]"),
              Map.entry("ai", "[]"),
              Map.entry("at", "[]"),
              Map.entry("an", "[]"),
              Map.entry("ab", "[]"),
              Map.entry("a2", "[]"),
              Map.entry("ats", "[]"),
              Map.entry("by", "\"\"")));
      try (var ps = c.prepareStatement(t("INSERT INTO $T (id, t, at) VALUES (3, ?, ?)"))) {
        ps.setString(1, TEXT);
        ps.setArray(2, c.createArrayOf("text", new Object[] {TEXT, "{,}"}));
        ps.executeUpdate();
      }
      EXPECTED.put(
          3,
          Map.of(
              "t", Encoded.MAPPER.writeValueAsString(TEXT),
              "at", Encoded.MAPPER.writeValueAsString(List.of(TEXT, "{,}"))));
      st.execute(
          t(
              """
          INSERT INTO $T (id, d, ts, tstz, tmtz, iv) VALUES (4, '0044-03-15 BC',
            '10000-01-01 00:00:00', '2024-06-01 12:00:00.5+05:30', '12:00:00+05:30:15',
            '0 seconds')"""));
      EXPECTED.put(
          4,
          Map.of(
              "d",
              "\"-0043-03-15\"",
              "ts",
              "\"+10000-01-01T00:00:00\"",
              "tstz",
              "\"2024-06-01T06:30:00.5Z\"",
              "tmtz",
              "\"12:00:00+05:30:15\"",
              "iv",
              "\"PT0S\""));
      st.execute(
          t(
              """
          INSERT INTO $T (id, d, ts, tstz) VALUES (5, 'infinity', '-infinity',
            'infinity')"""));
      EXPECTED.put(
          5,
          m(
              "d",
              "\"infinity\"",
              "ts",
              "\"-infinity\"",
              "tstz",
              "\"infinity\"",
              "i8",
              "null",
              "t",
              "null",
              "j",
              "null",
              "ai",
              "null",
              "by",
              "null",
              "b",
              "null",
              "num",
              "null",
              "iv",
              "null"));
      st.execute(
          "INSERT INTO "
              + TABLE
              + " (id, by) VALUES (6, decode(("
              + "SELECT string_agg(lpad(to_hex(n), 2, '0'), '') FROM generate_series(0, 255) n),"
              + " 'hex'))");
      byte[] all = new byte[256];
      for (int i = 0; i < 256; i++) {
        all[i] = (byte) i;
      }
      EXPECTED.put(6, Map.of("by", "\"" + Base64.getEncoder().encodeToString(all) + "\""));
    }
  }

  /** A map of alternating keys and values. */
  static Map<String, String> m(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** The SQL with {@code $T} replaced by this run's table name. */
  static String t(String sql) {
    return sql.replace("$T", TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE " + TABLE);
    }
    c.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = Format.class,
      names = {"NDJSON", "JSON"})
  void jsonFormatsWriteEveryTypeAsDocumented(Format format) throws Exception {
    List<JsonNode> rows = Encoded.of(c, QUERY, format).jsonRows(format);
    assertThat(rows).hasSize(EXPECTED.size());
    for (JsonNode row : rows) {
      Expect.row(row, EXPECTED.get(row.get("id").intValue()));
    }
  }

  @Test
  void csvWritesEveryTypeAsDocumented() throws Exception {
    FormatOptions options = FormatOptions.defaults();
    List<CSVRecord> records = Encoded.of(c, QUERY, Format.CSV).csvRecords(options);
    Expect.csvRows(records, EXPECTED, "j");
  }

  @Test
  void typesWithoutAJsonCounterpartAreTheirText() throws Exception {
    String sql =
        "SELECT B'10101010'::bit(8) AS b8, B'1'::bit(1) AS b1, B'101'::varbit AS vb,"
            + " '-1234.5'::money AS m, '192.168.0.1/24'::inet AS ip, '[1,5)'::int4range AS r,"
            + " '(1,2)'::point AS p";
    JsonNode row = Encoded.of(c, sql, Format.NDJSON).jsonRows(Format.NDJSON).get(0);
    Expect.row(
        row,
        m(
            "b8",
            "\"10101010\"",
            "b1",
            "true",
            "vb",
            "\"101\"",
            "m",
            "\"-$1,234.50\"",
            "ip",
            "\"192.168.0.1/24\"",
            "r",
            "\"[1,5)\"",
            "p",
            "\"(1,2)\""));
  }

  @Test
  void ndjsonKeepsNegativeZeroAndEachRowOnOneLine() throws Exception {
    String text = Encoded.of(c, QUERY, Format.NDJSON).text();
    assertThat(text.split("\n")).hasSize(EXPECTED.size());
    assertThat(text).contains("\"f8\":-0,");
  }

  @Test
  void timestamptzIsUtcWhateverTheSessionZone() throws Exception {
    try (Connection kolkata = DriverManager.getConnection(URL);
        Statement st = kolkata.createStatement()) {
      st.execute("SET TIME ZONE 'Asia/Kolkata'");
      List<JsonNode> rows = Encoded.of(kolkata, QUERY, Format.NDJSON).jsonRows(Format.NDJSON);
      assertThat(rows.get(0).get("tstz").textValue()).isEqualTo("9999-12-31T23:59:59.999999Z");
      assertThat(rows.get(1).get("tstz").textValue()).isEqualTo("0001-01-01T00:00:00Z");
      assertThat(rows.get(3).get("tstz").textValue()).isEqualTo("2024-06-01T06:30:00.5Z");
      assertThat(rows.get(0).get("ats").get(0).textValue()).isEqualTo("2024-01-02T03:04:05Z");
    }
  }

  @Test
  void genericPathWritesWhatTheFastPathWrites() throws Exception {
    // Rows 1, 2, 3 and 6 hold nothing the portable getters cannot read (BC, infinity), except
    // the numeric NaN in column an, which pgjdbc's getBigDecimal rejects, and the interval,
    // which only the PostgreSQL dialect knows.
    String sql =
        "SELECT i2, i4, i8, num, num12, f4, f8, b, t, vc, ch, d, tm, tmtz, ts, tstz,"
            + " u, j, jb, ai, at, ab, a2, ats, by FROM "
            + TABLE
            + " WHERE id IN (1, 2, 3, 6)"
            + " ORDER BY id";
    String fast = Encoded.of(c, sql, Format.NDJSON).text();
    String generic = encodeGeneric(sql);
    List<String> f = List.of(fast.split("\n"));
    List<String> g = List.of(generic.split("\n"));
    assertThat(g).hasSameSizeAs(f);
    for (int i = 0; i < f.size(); i++) {
      JsonNode a = Expect.json(f.get(i));
      JsonNode b = Expect.json(g.get(i));
      assertThat(a.equals(Expect.BY_VALUE, b))
          .as("row %s:\n%s\n%s", i, f.get(i), g.get(i))
          .isTrue();
    }
  }

  private static String encodeGeneric(String sql) throws Exception {
    try (Statement st = c.createStatement();
        var rs = st.executeQuery(sql)) {
      var out = new java.io.ByteArrayOutputStream();
      Encoded.encode(
          JdbcSource.rows(rs, Dialect.GENERIC), Format.NDJSON, FormatOptions.defaults(), out);
      return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
