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
  static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
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
   * Checks each expected column of a CSV record, given the same JSON expectations: a JSON null is
   * a NULL field, a string its text, a number its value, an array or object JSON text.
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
