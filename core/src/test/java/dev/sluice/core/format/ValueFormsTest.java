package dev.sluice.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.source.Column;
import dev.sluice.core.source.Elements;
import dev.sluice.core.source.Kind;
import dev.sluice.core.source.Rows;
import dev.sluice.core.source.Value;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The formats read nothing but the source contract: rows of hand-filled {@link Value}s, in every
 * form a kind may take, write the same text as a database's values of that kind.
 */
class ValueFormsTest {
  /** One row of one column per filler, all of {@code kind}. */
  private static Rows rows(Kind kind, List<Consumer<Value>> fillers) {
    Value value = new Value(kind);
    return new Rows(List.of(new Column("v", "test", kind)), new Value[] {value}) {
      int next;

      @Override
      public boolean next() {
        if (next == fillers.size()) {
          return false;
        }
        fillers.get(next++).accept(value);
        return true;
      }
    };
  }

  private static String encode(Format format, Kind kind, List<Consumer<Value>> fillers)
      throws Exception {
    var out = new ByteArrayOutputStream();
    Encoded.encode(rows(kind, fillers), format, FormatOptions.defaults(), out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void integersFromLongsDigitsAndStringsAreTheSameNumbers() throws Exception {
    byte[] row = utf8("x\t-42\ty");
    List<Consumer<Value>> fillers =
        List.of(
            v -> v.setLong(-42),
            v -> v.setText(row, 2, 3),
            v -> v.setString("-42"),
            Value::setNull);
    assertThat(encode(Format.NDJSON, Kind.INTEGER, fillers))
        .isEqualTo("{\"v\":-42}\n{\"v\":-42}\n{\"v\":-42}\n{\"v\":null}\n");
    assertThat(encode(Format.CSV, Kind.INTEGER, fillers)).isEqualTo("v\n-42\n-42\n-42\n\n");
  }

  @Test
  void floatsKeepTheirShortestTextAndNanIsAStringInJson() throws Exception {
    List<Consumer<Value>> fillers =
        List.of(
            v -> v.setFloat(0.1f),
            v -> v.setDouble(0.1),
            v -> v.setDouble(Double.NaN),
            v -> v.setText(utf8("-Infinity"), 0, 9));
    assertThat(encode(Format.NDJSON, Kind.FLOAT, fillers))
        .isEqualTo("{\"v\":0.1}\n{\"v\":0.1}\n{\"v\":\"NaN\"}\n{\"v\":\"-Infinity\"}\n");
    assertThat(encode(Format.CSV, Kind.FLOAT, fillers)).isEqualTo("v\n0.1\n0.1\nNaN\n-Infinity\n");
  }

  @Test
  void instantsTextAndObjectsAreWrittenAsIsoInUtc() throws Exception {
    List<Consumer<Value>> fillers =
        List.of(
            v -> v.setInstant(1_704_067_200L, 500_000_000),
            v -> v.setText(utf8("2024-01-01T00:00:00.5Z"), 0, 22),
            v -> v.setObject(java.time.Instant.ofEpochSecond(1_704_067_200L, 500_000_000)));
    assertThat(encode(Format.CSV, Kind.TIMESTAMPTZ, fillers))
        .isEqualTo("v\n2024-01-01T00:00:00.5Z\n2024-01-01T00:00:00.5Z\n2024-01-01T00:00:00.5Z\n");
    List<Consumer<Value>> bc = List.of(v -> v.setObject(LocalDate.of(-43, 3, 15)));
    assertThat(encode(Format.NDJSON, Kind.DATE, bc)).isEqualTo("{\"v\":\"-0043-03-15\"}\n");
  }

  @Test
  void nestedElementsBecomeNestedJsonArraysWithNullsAndEscapes() throws Exception {
    var tokens =
        new Tokens(
            Kind.STRING,
            Elements.START,
            Elements.START,
            "a\"b",
            Elements.NULL,
            Elements.END,
            Elements.START,
            Elements.END,
            Elements.END);
    Consumer<Value> nested = v -> v.setElements(tokens.rewound());
    assertThat(encode(Format.NDJSON, Kind.ARRAY, List.of(nested, nested)))
        .isEqualTo("{\"v\":[[\"a\\\"b\",null],[]]}\n{\"v\":[[\"a\\\"b\",null],[]]}\n");
    assertThat(encode(Format.CSV, Kind.ARRAY, List.of(nested)))
        .isEqualTo("v\n\"[[\"\"a\\\"\"b\"\",null],[]]\"\n");
    var numbers = new Tokens(Kind.DECIMAL, Elements.START, "1.5", "NaN", Elements.END);
    assertThat(encode(Format.JSON, Kind.ARRAY, List.of(v -> v.setElements(numbers))))
        .isEqualTo("[\n{\"v\":[1.5,\"NaN\"]}\n]\n");
  }

  @Test
  void aFormAKindCannotTakeIsRefusedNotWrittenFromStaleFields() {
    assertThatThrownBy(() -> encode(Format.NDJSON, Kind.BASE64, List.of(v -> v.setLong(1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a base64 value cannot be written from the form LONG");
  }

  @Test
  void valuesMustMatchTheirColumnsKinds() {
    assertThatThrownBy(
            () ->
                new Rows(
                    List.of(new Column("v", "test", Kind.STRING)),
                    new Value[] {new Value(Kind.INTEGER)}) {
                  @Override
                  public boolean next() {
                    return false;
                  }
                })
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("column 0 is string but its value is integer");
  }
}
