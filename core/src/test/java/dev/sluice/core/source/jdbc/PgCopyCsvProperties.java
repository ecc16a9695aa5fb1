package dev.sluice.core.source.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.source.jdbc.PgCopyCsvTest.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random text through COPY's CSV form, copied as it comes, reads as the same CSV as through COPY's
 * text form, whatever the delimiter and NULL text.
 */
class PgCopyCsvProperties {
  @Property(tries = 40)
  void randomTextIsWrittenAsCopyTextWritesIt(
      @ForAll("texts") List<String> texts,
      @ForAll("delimiters") char delimiter,
      @ForAll("nulls") String nullText)
      throws Exception {
    var options = FormatOptions.builder().csvDelimiter(delimiter).csvNull(nullText).build();
    var values = new StringBuilder();
    for (int i = 0; i < texts.size(); i++) {
      var s = PgCopyCsvTest.literal(texts.get(i));
      values.append(i == 0 ? "" : ", ").append("(").append(i).append(", ").append(s);
      values.append(", ").append(s).append("::varchar, to_jsonb(").append(s).append("::text))");
    }
    var query = "SELECT * FROM (VALUES " + values + ") v(id, t, vc, j) ORDER BY id";

    var viaCsv = PgCopyCsvTest.export(query, options, true, Path.COPY_CSV);
    var viaText = PgCopyCsvTest.export(query, options, false, Path.COPY_TEXT);

    assertThat(new String(viaCsv, StandardCharsets.UTF_8))
        .isEqualTo(new String(viaText, StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<List<String>> texts() {
    return text().list().ofMinSize(1).ofMaxSize(30);
  }

  /** Text from the characters CSV and COPY treat specially, and some that are just text. */
  private static Arbitrary<String> text() {
    var special = Arbitraries.of('"', ',', ';', '|', '\t', '\n', '\r', '\\', '.', 'N', ' ', '\'');
    var any = Arbitraries.chars().range('\u0001', '\uD7FF');
    return Arbitraries.frequencyOf(Tuple.of(3, special), Tuple.of(1, any))
        .list()
        .ofMaxSize(12)
        .map(
            cs -> {
              var b = new StringBuilder();
              cs.forEach(b::append);
              return b.toString();
            })
        .edgeCases(c -> c.add("", "\\.", "\\N", "NULL", "\"", "\r\n"));
  }

  @Provide
  Arbitrary<Character> delimiters() {
    return Arbitraries.of(',', ';', '|', '\t');
  }

  @Provide
  Arbitrary<String> nulls() {
    return Arbitraries.of("", "NULL", "\\N", "N", ".", " ");
  }
}
