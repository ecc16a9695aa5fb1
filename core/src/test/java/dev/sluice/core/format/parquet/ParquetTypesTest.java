package dev.sluice.core.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.source.Column;
import dev.sluice.core.source.Kind;
import org.junit.jupiter.api.Test;

/** What {@code --dry-run} shows for a column is the type the schema gets. */
class ParquetTypesTest {
  private static String of(String sqlType, Kind kind) {
    return ParquetTypes.describe(new Column("c", sqlType, kind));
  }

  @Test
  void integersGetTheirWidth() {
    assertThat(of("int8", Kind.INTEGER)).isEqualTo("INT64");
    assertThat(of("int4", Kind.INTEGER)).isEqualTo("INT32");
    assertThat(of("int2", Kind.INTEGER)).isEqualTo("INT16 as INT32");
    assertThat(of("TINYINT", Kind.INTEGER)).isEqualTo("INT8 as INT32");
    assertThat(of("BIGINT UNSIGNED", Kind.INTEGER)).isEqualTo("UINT64 as INT64");
  }

  @Test
  void decimalsGetTheSmallestPhysicalTypeAndUnconstrainedOnesAFixedRule() {
    assertThat(ParquetTypes.describe(new Column("c", "numeric", Kind.DECIMAL, 9, 2)))
        .isEqualTo("DECIMAL(9,2) as INT32");
    assertThat(ParquetTypes.describe(new Column("c", "numeric", Kind.DECIMAL, 12, 2)))
        .isEqualTo("DECIMAL(12,2) as INT64");
    assertThat(ParquetTypes.describe(new Column("c", "numeric", Kind.DECIMAL, 30, 10)))
        .isEqualTo("DECIMAL(30,10) as FIXED_LEN_BYTE_ARRAY(13)");
    assertThat(ParquetTypes.describe(new Column("c", "numeric", Kind.DECIMAL)))
        .isEqualTo("DECIMAL(38,18) as FIXED_LEN_BYTE_ARRAY(16)");
    assertThat(ParquetTypes.describe(new Column("c", "decimal", Kind.DECIMAL, 65, 30)))
        .isEqualTo("DECIMAL(38,30) as FIXED_LEN_BYTE_ARRAY(16)");
  }

  @Test
  void timesDatesAndTheRest() {
    assertThat(of("timestamptz", Kind.TIMESTAMPTZ)).isEqualTo("TIMESTAMP(MICROS, UTC)");
    assertThat(of("timestamp", Kind.TIMESTAMP)).isEqualTo("TIMESTAMP(MICROS, local)");
    assertThat(of("date", Kind.DATE)).isEqualTo("DATE");
    assertThat(of("time", Kind.TIME)).isEqualTo("TIME(MICROS)");
    assertThat(of("timetz", Kind.TIMETZ)).isEqualTo("STRING");
    assertThat(of("interval", Kind.INTERVAL)).isEqualTo("STRING");
    assertThat(of("uuid", Kind.UUID)).isEqualTo("UUID");
    assertThat(of("jsonb", Kind.JSON)).isEqualTo("JSON");
    assertThat(of("bytea", Kind.BASE64)).isEqualTo("BINARY");
    assertThat(of("float4", Kind.FLOAT)).isEqualTo("FLOAT");
    assertThat(of("float8", Kind.FLOAT)).isEqualTo("DOUBLE");
    assertThat(of("bool", Kind.BOOLEAN)).isEqualTo("BOOLEAN");
  }

  @Test
  void arraysAreListsOfTheirElementType() {
    assertThat(of("_int4", Kind.ARRAY)).isEqualTo("LIST<INT32>");
    assertThat(of("_text", Kind.ARRAY)).isEqualTo("LIST<STRING>");
    assertThat(of("_numeric", Kind.ARRAY))
        .isEqualTo("LIST<DECIMAL(38,18) as FIXED_LEN_BYTE_ARRAY(16)>");
    assertThat(of("INTEGER ARRAY", Kind.ARRAY)).isEqualTo("LIST<INT32>");
  }

  @Test
  void sqliteColumnsFollowTheirAffinity() {
    assertThat(of("integer", Kind.DYNAMIC)).isEqualTo("INT64");
    assertThat(of("real", Kind.DYNAMIC)).isEqualTo("DOUBLE");
    assertThat(of("blob", Kind.DYNAMIC)).isEqualTo("BINARY");
    assertThat(of("", Kind.DYNAMIC)).isEqualTo("STRING");
    assertThat(of("INTERVAL DAY TO SECOND", Kind.DYNAMIC)).isEqualTo("STRING");
  }

  @Test
  void formsSayInWordsWhatEachTypeHolds() {
    assertThat(ParquetTypes.form(of("int2", Kind.INTEGER))).isEqualTo("16-bit signed integer");
    assertThat(ParquetTypes.form(of("int8", Kind.INTEGER))).isEqualTo("64-bit signed integer");
    assertThat(
            ParquetTypes.form(
                ParquetTypes.describe(new Column("c", "numeric", Kind.DECIMAL, 12, 2))))
        .isEqualTo("exact decimal, 12 digits, 2 after the point");
    assertThat(ParquetTypes.form(of("timestamptz", Kind.TIMESTAMPTZ)))
        .isEqualTo("instant, microseconds since 1970 (UTC)");
    assertThat(ParquetTypes.form("LIST<INT32>")).isEqualTo("list of 32-bit signed integer");
    // Every kind's description has words of its own, not the description again.
    for (var kind : Kind.values()) {
      if (kind != Kind.ARRAY && kind != Kind.DYNAMIC) {
        var described = of("", kind);
        assertThat(ParquetTypes.form(described)).as(described).isNotEqualTo(described);
      }
    }
  }
}
