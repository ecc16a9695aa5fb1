package dev.sluice.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(30)
class H2EncoderTest {
  private Connection c;

  @BeforeEach
  void createTable() throws Exception {
    c = DriverManager.getConnection("jdbc:h2:mem:fmt_types_h2");
    try (Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE fmt_types_h2 (id BIGINT, d DECIMAL(38,10), f DOUBLE PRECISION,"
              + " b BOOLEAN, t VARCHAR, dt DATE, ts TIMESTAMP, tstz TIMESTAMP WITH TIME ZONE,"
              + " bin VARBINARY, arr INTEGER ARRAY, j JSON, u UUID)");
      st.execute(
          "INSERT INTO fmt_types_h2 VALUES (9223372036854775807,"
              + " 1234567890123456789012345678.0123456789, 1.5, TRUE, 'a,\"b\"\nc',"
              + " DATE '0001-01-01', TIMESTAMP '2024-01-02 03:04:00',"
              + " TIMESTAMP WITH TIME ZONE '2024-01-02 03:04:05.5+05:30', X'00ff10',"
              + " ARRAY[1, NULL, 3], JSON '{\"k\":[1,2]}', '123e4567-e89b-12d3-a456-426614174000')");
      st.execute(
          "INSERT INTO fmt_types_h2 VALUES (NULL, NULL, NULL, NULL, '', NULL, NULL,"
              + " NULL, NULL, NULL, NULL, NULL)");
    }
  }

  @AfterEach
  void close() throws Exception {
    try (Statement st = c.createStatement()) {
      st.execute("DROP TABLE fmt_types_h2");
    }
    c.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = Format.class,
      names = {"NDJSON", "JSON"})
  void jsonFormatsMapEveryTypeAndNull(Format format) throws Exception {
    Encoded e = Encoded.of(c, "SELECT * FROM fmt_types_h2 ORDER BY id NULLS LAST", format);
    List<JsonNode> rows = e.jsonRows(format);
    assertThat(rows).hasSize(2);
    JsonNode r = rows.get(0);
    assertThat(r.get("ID").isIntegralNumber()).isTrue();
    assertThat(r.get("ID").longValue()).isEqualTo(Long.MAX_VALUE);
    assertThat(r.get("D").decimalValue())
        .isEqualByComparingTo("1234567890123456789012345678.0123456789");
    assertThat(r.get("F").doubleValue()).isEqualTo(1.5);
    assertThat(r.get("B").booleanValue()).isTrue();
    assertThat(r.get("T").textValue()).isEqualTo("a,\"b\"\nc");
    assertThat(r.get("DT").textValue()).isEqualTo("0001-01-01");
    assertThat(r.get("TS").textValue()).isEqualTo("2024-01-02T03:04:00");
    assertThat(r.get("TSTZ").textValue()).isEqualTo("2024-01-01T21:34:05.5Z");
    assertThat(r.get("BIN").textValue()).isEqualTo("AP8Q");
    assertThat(r.get("ARR").toString()).isEqualTo("[1,null,3]");
    assertThat(r.get("J").toString()).isEqualTo("{\"k\":[1,2]}");
    assertThat(r.get("U").textValue()).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    JsonNode n = rows.get(1);
    assertThat(n.get("ID").isNull()).isTrue();
    assertThat(n.get("T").textValue()).isEmpty();
    assertThat(n.get("ARR").isNull()).isTrue();
    assertThat(n.get("J").isNull()).isTrue();
  }

  @Test
  void csvQuotesTextAndKeepsEmptyApartFromNull() throws Exception {
    FormatOptions options = FormatOptions.defaults();
    Encoded e = Encoded.of(c, "SELECT * FROM fmt_types_h2 ORDER BY id NULLS LAST", Format.CSV);
    List<CSVRecord> records = e.csvRecords(options);
    assertThat(records).hasSize(3);
    assertThat(records.get(0).toList())
        .containsExactly("ID", "D", "F", "B", "T", "DT", "TS", "TSTZ", "BIN", "ARR", "J", "U");
    assertThat(records.get(1).toList())
        .containsExactly(
            "9223372036854775807",
            "1234567890123456789012345678.0123456789",
            "1.5",
            "true",
            "a,\"b\"\nc",
            "0001-01-01",
            "2024-01-02T03:04:00",
            "2024-01-01T21:34:05.5Z",
            "AP8Q",
            "[1,null,3]",
            "{\"k\":[1,2]}",
            "123e4567-e89b-12d3-a456-426614174000");
    assertThat(records.get(2).get(4)).isEmpty();
    assertThat(records.get(2).get(0)).isNull();
  }
}
