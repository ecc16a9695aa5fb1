package dev.sluice.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.source.Column;
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

/** The type mapping against a real MariaDB: every type, its edge values, every format. */
@Timeout(60)
class MariaDbEncoderTest {
  static final String URL = "jdbc:mariadb://127.0.0.1:3306/sluice_test?user=root";

  /** Unique per JVM: other worktrees run this class against the same database at once. */
  static final String TABLE = "fmt_types_maria_" + ProcessHandle.current().pid();

  static final String QUERY = "SELECT * FROM " + TABLE + " ORDER BY id";
  static final Map<Integer, Map<String, String>> EXPECTED = new LinkedHashMap<>();

  private static Connection c;

  @BeforeAll
  static void createTable() throws Exception {
    c = DriverManager.getConnection(URL);
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + TABLE);
      st.execute(
          t(
              """
          CREATE TABLE $T (id INT PRIMARY KEY, ti TINYINT, i INT, bi BIGINT,
            ub BIGINT UNSIGNED, dc DECIMAL(38,10), dc65 DECIMAL(65,30), f FLOAT, d DOUBLE,
            b BOOLEAN, bit8 BIT(8), t TEXT, vc VARCHAR(20), dt DATE, tm TIME(6),
            dtm DATETIME(6), j JSON, u UUID, bl BLOB, y YEAR)
            CHARACTER SET utf8mb4 COLLATE utf8mb4_bin"""));
      st.execute(
          t(
              """
          INSERT INTO $T VALUES (1, 127, 2147483647, 9223372036854775807,
            18446744073709551615, 1234567890123456789012345678.0123456789,
            12345678901234567890123456789012345.123456789012345678901234567890, 0.1, 0.1, TRUE,
            b'11111111', 'plain', 'vc', '9999-12-31', '838:59:59.5', '9999-12-31 23:59:59.999999',
            '{"a": [1, 2],\\n "b": "x"}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', x'00ff',
            2155)"""));
      EXPECTED.put(
          1,
          Map.ofEntries(
              Map.entry("ti", "127"),
              Map.entry("i", "2147483647"),
              Map.entry("bi", "9223372036854775807"),
              Map.entry("ub", "18446744073709551615"),
              Map.entry("dc", "1234567890123456789012345678.0123456789"),
              Map.entry(
                  "dc65", "12345678901234567890123456789012345.123456789012345678901234567890"),
              Map.entry("f", "0.1"),
              Map.entry("d", "0.1"),
              Map.entry("b", "true"),
              Map.entry("bit8", "\"/w==\""),
              Map.entry("t", "\"plain\""),
              Map.entry("vc", "\"vc\""),
              Map.entry("dt", "\"9999-12-31\""),
              Map.entry("tm", "\"838:59:59.5\""),
              Map.entry("dtm", "\"9999-12-31T23:59:59.999999\""),
              Map.entry("j", "{\"a\":[1,2],\"b\":\"x\"}"),
              Map.entry("u", "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\""),
              Map.entry("bl", "\"AP8=\""),
              Map.entry("y", "2155")));
      st.execute(
          t(
              """
          INSERT INTO $T VALUES (2, -128, -2147483648, -9223372036854775808, 0,
            -0.0000000001, -0.000000000000000000000000000001, -1.5e38, -1.7976931348623157e308,
            FALSE, b'0', '', '', '1000-01-01', '-838:59:59', '1000-01-01 00:00:00', 'null',
            '00000000-0000-0000-0000-000000000000', '', 1901)"""));
      EXPECTED.put(
          2,
          Map.ofEntries(
              Map.entry("ti", "-128"),
              Map.entry("i", "-2147483648"),
              Map.entry("bi", "-9223372036854775808"),
              Map.entry("ub", "0"),
              Map.entry("dc", "-0.0000000001"),
              Map.entry("dc65", "-0.000000000000000000000000000001"),
              Map.entry("f", "-1.5e38"),
              Map.entry("d", "-1.7976931348623157e308"),
              Map.entry("b", "false"),
              Map.entry("bit8", "\"AA==\""),
              Map.entry("t", "\"\""),
              Map.entry("vc", "\"\""),
              Map.entry("dt", "\"1000-01-01\""),
              Map.entry("tm", "\"-838:59:59\""),
              Map.entry("dtm", "\"1000-01-01T00:00:00\""),
              Map.entry("j", "null"),
              Map.entry("bl", "\"\""),
              Map.entry("y", "1901")));
      try (var ps = c.prepareStatement("INSERT INTO " + TABLE + " (id, t, bl) VALUES (3, ?, ?)")) {
        ps.setString(1, PgEncoderTest.TEXT + " nul\u0000end");
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
          all[i] = (byte) i;
        }
        ps.setBytes(2, all);
        ps.executeUpdate();
        EXPECTED.put(
            3,
            Map.of(
                "t",
                Encoded.MAPPER.writeValueAsString(PgEncoderTest.TEXT + " nul\u0000end"),
                "bl",
                "\"" + Base64.getEncoder().encodeToString(all) + "\"",
                "i",
                "null",
                "j",
                "null",
                "dtm",
                "null"));
      }
    }
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
    List<CSVRecord> records = Encoded.of(c, QUERY, Format.CSV).csvRecords(FormatOptions.defaults());
    Expect.csvRows(records, EXPECTED, "j");
  }

  @Test
  void jsonColumnIsEmbeddedOnOneLineNotQuoted() throws Exception {
    String text = Encoded.of(c, QUERY, Format.NDJSON).text();
    assertThat(text.split("\n")).hasSize(EXPECTED.size());
    assertThat(text).contains("\"j\":{\"a\": [1, 2],  \"b\": \"x\"}");
  }

  @Test
  void columnsReportMariaDbTypesAndTheirOutputTypes() throws Exception {
    List<Column> columns = Encoded.of(c, QUERY, Format.NDJSON).columns();
    assertThat(columns)
        .contains(
            new Column("j", "JSON", "json"),
            new Column("ub", "BIGINT UNSIGNED", "integer"),
            new Column("dc", "DECIMAL", "decimal", 38, 10),
            new Column("bl", "BLOB", "base64"),
            new Column("y", "YEAR", "integer"),
            new Column("u", "uuid", "uuid"));
  }
}
