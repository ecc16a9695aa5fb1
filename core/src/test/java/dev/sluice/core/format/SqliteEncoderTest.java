package dev.sluice.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.core.source.Column;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SQLite's per-value types: each value is written by its storage class, not the column's. */
@Timeout(30)
class SqliteEncoderTest {
  static final String QUERY = "SELECT * FROM fmt_types_sqlite ORDER BY id";
  static final Map<Integer, Map<String, String>> EXPECTED = new LinkedHashMap<>();
  static final byte[] ALL_BYTES = new byte[256];

  static {
    for (int i = 0; i < 256; i++) {
      ALL_BYTES[i] = (byte) i;
    }
  }

  @TempDir Path dir;

  private Connection c;

  @BeforeEach
  void createTable() throws Exception {
    c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("fmt.db"));
    try (Statement st = c.createStatement()) {
      st.execute(
          """
          CREATE TABLE fmt_types_sqlite (id INTEGER PRIMARY KEY, i INTEGER, r REAL, t TEXT,
            bl BLOB, n NUMERIC, b BOOLEAN, j JSON, d DATE, anything)""");
      st.execute(
          """
          INSERT INTO fmt_types_sqlite VALUES (1, 9223372036854775807, 9e999, 'plain', x'00ff',
            1.5, 1, '{"a": [1,\n 2]}', '2024-01-02', 42)""");
      EXPECTED.put(
          1,
          Map.of(
              "i",
              "9223372036854775807",
              "r",
              "\"Infinity\"",
              "t",
              "\"plain\"",
              "bl",
              "\"AP8=\"",
              "n",
              "1.5",
              "b",
              "true",
              "j",
              "{\"a\":[1,2]}",
              "d",
              "\"2024-01-02\"",
              "anything",
              "42"));
      st.execute(
          """
          INSERT INTO fmt_types_sqlite VALUES (2, -9223372036854775808, -9e999, '', x'', -0.0,
            0, 'not json', 20240102, 'text in an untyped column')""");
      EXPECTED.put(
          2,
          Map.of(
              "i",
              "-9223372036854775808",
              "r",
              "\"-Infinity\"",
              "t",
              "\"\"",
              "bl",
              "\"\"",
              "b",
              "false",
              "j",
              "\"not json\"",
              "d",
              "20240102",
              "anything",
              "\"text in an untyped column\""));
      st.execute(
          """
          INSERT INTO fmt_types_sqlite VALUES (3, 'text in an integer column', 0.1, 7, NULL,
            NULL, 2, '[1, 2] trailing', NULL, x'01')""");
      // TEXT affinity turns the integer 7 into the text '7'; INTEGER keeps text that is no number.
      EXPECTED.put(
          3,
          Map.of(
              "i",
              "\"text in an integer column\"",
              "r",
              "0.1",
              "t",
              "\"7\"",
              "bl",
              "null",
              "b",
              "2",
              "j",
              "\"[1, 2] trailing\"",
              "anything",
              "\"AQ==\""));
      try (var ps =
          c.prepareStatement("INSERT INTO fmt_types_sqlite (id, t, bl) VALUES (4, ?, ?)")) {
        ps.setString(1, PgEncoderTest.TEXT);
        ps.setBytes(2, ALL_BYTES);
        ps.executeUpdate();
      }
      EXPECTED.put(
          4,
          Map.of(
              "t",
              Encoded.MAPPER.writeValueAsString(PgEncoderTest.TEXT),
              "bl",
              "\"" + Base64.getEncoder().encodeToString(ALL_BYTES) + "\"",
              "i",
              "null"));
    }
  }

  @AfterEach
  void close() throws Exception {
    c.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = Format.class,
      names = {"NDJSON", "JSON"})
  void jsonFormatsWriteEachValueByItsStorageClass(Format format) throws Exception {
    List<JsonNode> rows = Encoded.of(c, QUERY, format).jsonRows(format);
    assertThat(rows).hasSize(EXPECTED.size());
    for (JsonNode row : rows) {
      Expect.row(row, EXPECTED.get(row.get("id").intValue()));
    }
  }

  @Test
  void csvWritesEachValueByItsStorageClass() throws Exception {
    List<CSVRecord> records = Encoded.of(c, QUERY, Format.CSV).csvRecords(FormatOptions.defaults());
    Expect.csvRows(records, EXPECTED, null);
  }

  @Test
  void columnsAreDynamicExceptTheHintedOnes() throws Exception {
    List<Column> columns = Encoded.of(c, QUERY, Format.NDJSON).columns();
    assertThat(columns.get(1)).isEqualTo(new Column("i", "INTEGER", "dynamic"));
    assertThat(columns.get(7).outputType()).isEqualTo("json");
    assertThat(columns.get(6).outputType()).isEqualTo("boolean");
  }
}
