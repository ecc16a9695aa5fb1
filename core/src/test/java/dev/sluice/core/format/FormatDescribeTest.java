package dev.sluice.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.source.Column;
import dev.sluice.core.source.Kind;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Format#describe}: every output type has a mapping in every format, named with the types
 * {@link Mapping} documents. That the mappings say what exports write is checked against real
 * exports of every database by the command line's dry-run tests.
 */
class FormatDescribeTest {
  private static final Set<String> JSON_TYPES =
      Set.of("number", "string", "boolean", "array", "json", "any");

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyKindHasAJsonType(Kind kind) {
    var column = new Column("c", "t", kind);
    for (var format : new Format[] {Format.NDJSON, Format.JSON}) {
      var mapping = format.describe(column, FormatOptions.defaults());
      assertThat(JSON_TYPES).contains(mapping.type());
      assertThat(mapping.form()).isNotBlank();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void everyKindHasACsvTextForm(Kind kind) {
    var mapping = Format.CSV.describe(new Column("c", "t", kind), FormatOptions.defaults());

    assertThat(mapping.type()).isNotBlank();
    assertThat(mapping.form()).isNotBlank();
  }

  @Test
  void jsonTypesFollowTheTypeMapping() {
    var options = FormatOptions.defaults();
    assertThat(type(Kind.INTEGER, options)).isEqualTo("number");
    assertThat(type(Kind.DECIMAL, options)).isEqualTo("number");
    assertThat(type(Kind.TIMESTAMPTZ, options)).isEqualTo("string");
    assertThat(type(Kind.JSON, options)).isEqualTo("json");
    assertThat(type(Kind.ARRAY, options)).isEqualTo("array");
    assertThat(type(Kind.BASE64, options)).isEqualTo("string");
    assertThat(Format.NDJSON.describe(new Column("c", "t", Kind.TIMESTAMPTZ), options).form())
        .contains("UTC");
  }

  @Test
  void csvQuotingNamesTheDelimiterAndTheNullText() {
    var options = FormatOptions.builder().csvDelimiter('\t').csvNull("\\N").build();

    assertThat(Format.CSV.describe(new Column("c", "text", Kind.STRING), options).form())
        .contains("tab")
        .contains("equals '\\N'");
  }

  @Test
  void anUnknownOutputTypeIsRefused() {
    assertThatThrownBy(
            () -> Format.CSV.describe(new Column("c", "t", "nonsense"), FormatOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String type(Kind kind, FormatOptions options) {
    return Format.NDJSON.describe(new Column("c", "t", kind), options).type();
  }
}
