package dev.sluice.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/**
 * Value-by-value checks of decoded output against expectations written as JSON text: numbers
 * compare by value (so {@code 1e+100} equals {@code 1.0E100}), everything else exactly.
 */
final class Expect {
  /** Numbers equal by value, any other nodes by their own equality. */
  static final Comparator<JsonNode> BY_VALUE =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
      };

  private Expect() {}

  static JsonNode json(String text) {
    try {
      return Encoded.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Checks each expected column of a decoded JSON row. */
  static void row(JsonNode actual, Map<String, String> expected) {
    for (var e : expected.entrySet()) {
      JsonNode want = json(e.getValue());
      JsonNode got = actual.get(e.getKey());
      assertThat(got).as("column %s", e.getKey()).isNotNull();
      assertThat(want.equals(BY_VALUE, got))
          .as("column %s: expected %s, got %s", e.getKey(), want, got)
          .isTrue();
    }
  }

  /**
   * Checks every record after the header against the expectations for the id in its first field.
   * {@code literalNull} names a JSON column whose expected {@code null} in row 2 is the JSON
   * literal, not SQL NULL: CSV has its text, {@code null}.
   */
  static void csvRows(
      List<CSVRecord> records, Map<Integer, Map<String, String>> expected, String literalNull) {
    assertThat(records).hasSize(expected.size() + 1);
    CSVRecord header = records.get(0);
    for (CSVRecord r : records.subList(1, records.size())) {
      Map<String, String> want =
          new java.util.LinkedHashMap<>(expected.get(Integer.parseInt(r.get(0))));
      if (r.get(0).equals("2") && literalNull != null) {
        want.remove(literalNull);
        assertThat(r.get(header.toList().indexOf(literalNull))).isEqualTo("null");
      }
      csv(header, r, want);
    }
  }

  /**
   * Checks each expected column of a CSV record, given the same JSON expectations: a JSON null is a
   * NULL field, a string its text, a number its value, an array or object JSON text.
   */
  static void csv(CSVRecord header, CSVRecord actual, Map<String, String> expected) {
    List<String> names = header.toList();
    for (var e : expected.entrySet()) {
      JsonNode want = json(e.getValue());
      String got = actual.get(names.indexOf(e.getKey()));
      String as = "column " + e.getKey() + ": expected " + want + ", got " + got;
      if (want.isNull()) {
        assertThat(got).as(as).isNull();
      } else if (want.isTextual()) {
        assertThat(got).as(as).isEqualTo(want.textValue());
      } else if (want.isNumber()) {
        assertThat(new java.math.BigDecimal(got)).as(as).isEqualByComparingTo(want.decimalValue());
      } else if (want.isBoolean()) {
        assertThat(got).as(as).isEqualTo(want.toString());
      } else {
        assertThat(want.equals(BY_VALUE, json(got))).as(as).isTrue();
      }
    }
  }
}
