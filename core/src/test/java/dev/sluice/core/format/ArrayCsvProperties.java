package dev.sluice.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.source.Elements;
import dev.sluice.core.source.Kind;
import dev.sluice.core.source.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;

/**
 * An array's CSV field, written in one pass with its quotes doubled as they are written, is its
 * JSON text written as any CSV field: quoted when it holds a quote, a delimiter, CR or LF or is the
 * NULL text, its quotes doubled. Random nested arrays of strings (quotes, backslashes, control
 * characters, delimiters, non-ASCII) and of numbers (NaN and Infinity are JSON strings).
 */
class ArrayCsvProperties {
  @Property(tries = 1000)
  void anArraysCsvFieldIsItsJsonTextAsAField(
      @ForAll("tokens") List<Object> tokens,
      @ForAll("kinds") Kind kind,
      @ForAll @CharRange(from = ',', to = ',') @Chars({';', '|', '\t', '['}) char delimiter,
      @ForAll("nullTexts") String nullText)
      throws IOException {
    var options = FormatOptions.builder().csvDelimiter(delimiter).csvNull(nullText).build();
    var elements = elements(kind, tokens);
    var value = new Value(Kind.ARRAY);
    Field field = Field.of(Kind.ARRAY);

    value.setElements(elements.rewound());
    var json = ByteWriter.growing();
    field.json(value, json);
    var expected = new ByteArrayOutputStream();
    var twoPass = new ByteWriter(expected);
    new CsvWriter(twoPass, options).field(json.buf, 0, json.pos);
    twoPass.flush();

    value.setElements(elements.rewound());
    var actual = new ByteArrayOutputStream();
    var onePass = new ByteWriter(actual);
    field.csv(value, new CsvWriter(onePass, options));
    onePass.flush();

    assertThat(actual.toString(StandardCharsets.UTF_8))
        .isEqualTo(expected.toString(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<Kind> kinds() {
    return Arbitraries.of(Kind.STRING, Kind.DECIMAL, Kind.INTEGER);
  }

  @Provide
  Arbitrary<String> nullTexts() {
    return Arbitraries.of("", "[]", "NULL", "[null]", "\\N");
  }

  /**
   * The tokens of a well-formed array: START, then values (strings here, numbers' text for the
   * number kinds, picked by {@link Tokens}), NULLs and nested arrays, then END.
   */
  @Provide
  Arbitrary<List<Object>> tokens() {
    Arbitrary<String> text =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withChars('"', '\\', '\n', '\r', '\t', '\u0001', 'é', '€', ',', ';')
            .ofMaxLength(20);
    Arbitrary<Object> leaf =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, text.map(s -> (Object) s)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just((Object) Elements.NULL)));
    Arbitrary<List<Object>> flat = leaf.list().ofMaxSize(6);
    return flat.list()
        .ofMaxSize(3)
        .map(
            groups -> {
              List<Object> out = new ArrayList<>();
              out.add(Elements.START);
              if (groups.size() == 1) {
                out.addAll(groups.get(0));
              } else {
                for (List<Object> g : groups) {
                  out.add(Elements.START);
                  out.addAll(g);
                  out.add(Elements.END);
                }
              }
              out.add(Elements.END);
              return out;
            });
  }

  private static final String[] NUMBERS = {"1", "-2.5", "NaN", "Infinity", "-Infinity", "0"};

  /** The tokens as elements of {@code kind}: a number kind's values become numbers' text. */
  private static Tokens elements(Kind kind, List<Object> tokens) {
    Object[] out = new Object[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      Object token = tokens.get(i);
      out[i] =
          !(token instanceof String s)
              ? token
              : switch (kind) {
                case STRING -> s;
                case INTEGER -> Integer.toString(s.length());
                default -> NUMBERS[s.length() % NUMBERS.length];
              };
    }
    return new Tokens(kind, out);
  }
}
