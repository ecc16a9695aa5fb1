package dev.sluice.core.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/** Round trips through independent decoders on random input: JSON, CSV, base64, ISO dates. */
class EscapingProperties {
  /** What the writer promises for a Java string: each lone surrogate becomes U+FFFD. */
  static String sanitized(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints()
        .forEach(
            cp ->
                sb.appendCodePoint(
                    cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE ? 0xFFFD : cp));
    return sb.toString();
  }

  @Property(tries = 500)
  void jsonStringDecodesToTheSanitizedString(
      @ForAll @CharRange(from = '\u0000', to = '\uffff') @Chars({'"', '\\', '\n', '\u0000'})
          String s)
      throws IOException {
    var out = new ByteArrayOutputStream();
    var w = new ByteWriter(out);
    w.jsonString(s);
    w.flush();
    assertThat(Encoded.MAPPER.readTree(out.toByteArray()).textValue()).isEqualTo(sanitized(s));
  }

  @Property(tries = 500)
  void utf8IsWhatTheJdkEncodesForValidStrings(
      @ForAll @CharRange(from = '\u0000', to = '\uffff') String s) throws IOException {
    String valid = sanitized(s);
    var out = new ByteArrayOutputStream();
    var w = new ByteWriter(out);
    w.utf8(s);
    w.flush();
    assertThat(out.toByteArray()).isEqualTo(valid.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 500)
  void jsonStringFromUtf8BytesDecodesToTheString(
      @ForAll @CharRange(from = '\u0000', to = '\uffff') @Chars({'"', '\\', '\r', '\t'}) String s)
      throws IOException {
    byte[] utf8 = sanitized(s).getBytes(StandardCharsets.UTF_8);
    var out = new ByteArrayOutputStream();
    var w = new ByteWriter(out);
    w.jsonStringUtf8(utf8, 0, utf8.length);
    w.flush();
    assertThat(Encoded.MAPPER.readTree(out.toByteArray()).textValue()).isEqualTo(sanitized(s));
  }

  @Provide
  Arbitrary<List<String>> fields() {
    Arbitrary<String> field =
        Arbitraries.strings()
            .withChars(",;|\t\"\r\n \\N")
            .withCharRange('a', 'c')
            .withCharRange('\u00e0', '\u00e2')
            .withChars("\uD83D\uDE00")
            .ofMaxLength(8);
    return field.injectNull(0.15).list().ofMaxSize(6);
  }

  @Property(tries = 500)
  void csvRecordsParseBackToTheirFields(
      @ForAll("fields") List<String> fields,
      @ForAll @net.jqwik.api.constraints.CharRange(from = ',', to = ',') @Chars({';', '|', '\t'})
          char delimiter,
      @ForAll("nullStrings") String nullString,
      @ForAll boolean crlf)
      throws IOException {
    if (fields.isEmpty() || nullString.indexOf(delimiter) >= 0) {
      return;
    }
    FormatOptions options =
        FormatOptions.builder()
            .csvDelimiter(delimiter)
            .csvNull(nullString)
            .lineEnding(crlf ? FormatOptions.CRLF : FormatOptions.LF)
            .build();
    var out = new ByteArrayOutputStream();
    var w = new ByteWriter(out);
    var csv = new CsvWriter(w, options);
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        csv.delimiter();
      }
      if (fields.get(i) == null) {
        csv.nul();
      } else {
        csv.field(fields.get(i));
      }
    }
    w.ascii(options.lineEnding());
    w.flush();
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setDelimiter(delimiter)
            .setNullString(nullString)
            .setQuoteMode(QuoteMode.ALL_NON_NULL)
            .setIgnoreEmptyLines(false)
            .get();
    List<CSVRecord> records;
    try (var parser = format.parse(new StringReader(out.toString(StandardCharsets.UTF_8)))) {
      records = parser.getRecords();
    }
    assertThat(records).hasSize(1);
    List<String> parsed = new ArrayList<>();
    records.get(0).forEach(parsed::add);
    assertThat(parsed)
        .isEqualTo(fields.stream().map(f -> f == null ? null : sanitized(f)).toList());
  }

  @Property(tries = 500)
  void csvFieldFromUtf8BytesIsTheFieldFromTheString(
      @ForAll @CharRange(from = ' ', to = '\u00ff') @Chars({',', '"', '\r', '\n', ';'}) String s,
      @ForAll @CharRange(from = ',', to = ',') @Chars({';', '|', '\t'}) char delimiter)
      throws IOException {
    FormatOptions options = FormatOptions.builder().csvDelimiter(delimiter).build();
    var fromString = new ByteArrayOutputStream();
    var w1 = new ByteWriter(fromString);
    new CsvWriter(w1, options).field(s);
    w1.flush();
    var fromBytes = new ByteArrayOutputStream();
    var w2 = new ByteWriter(fromBytes);
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    new CsvWriter(w2, options).field(utf8, 0, utf8.length);
    w2.flush();
    assertThat(fromBytes.toByteArray()).isEqualTo(fromString.toByteArray());
  }

  /**
   * A field's inside as Commons CSV would read it back, for fields longer than the writer's buffer
   * and starting anywhere in it: every quote doubled, nothing else changed, nothing lost at the
   * slices' seams.
   */
  @Property(tries = 60)
  void quotedContentOfAnyLengthDoublesEveryQuote(
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 3 * ByteWriter.SIZE) int length,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = ByteWriter.SIZE) int before,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 8) int quoteEvery,
      @ForAll boolean growing,
      @ForAll long seed)
      throws IOException {
    var random = new java.util.Random(seed);
    byte[] field = new byte[length];
    for (int i = 0; i < length; i++) {
      field[i] = random.nextInt(quoteEvery) == 0 ? (byte) '"' : (byte) ('a' + random.nextInt(26));
    }
    var out = new ByteArrayOutputStream();
    var w = growing ? ByteWriter.growing() : new ByteWriter(out);
    w.write(new byte[before]);
    w.csvQuotedContent(field, 0, length);
    byte[] written;
    if (growing) {
      written = java.util.Arrays.copyOf(w.buf, w.pos);
    } else {
      w.flush();
      written = out.toByteArray();
    }
    String expected =
        "\0".repeat(before) + new String(field, StandardCharsets.US_ASCII).replace("\"", "\"\"");
    assertThat(new String(written, StandardCharsets.US_ASCII)).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> nullStrings() {
    return Arbitraries.of("", "\\N", "NULL", "N");
  }

  @Property(tries = 500)
  void base64IsTheJdksBase64(@ForAll @Size(max = 100) byte[] bytes) throws IOException {
    var out = new ByteArrayOutputStream();
    var w = new ByteWriter(out);
    w.base64(bytes, 0, bytes.length);
    w.flush();
    assertThat(out.toString(StandardCharsets.US_ASCII))
        .isEqualTo(Base64.getEncoder().encodeToString(bytes));
  }

  @Property(tries = 500)
  void utcInstantsAreWhatJavaTimePrints(
      @ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long epochSecond,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 999_999_999) int nano)
      throws IOException {
    var out = new ByteArrayOutputStream();
    var w = new ByteWriter(out);
    Iso.utc(w, epochSecond, nano);
    w.flush();
    // java.time drops ":00" seconds and prints fractions in groups of three; compare instants.
    assertThat(Instant.parse(out.toString(StandardCharsets.US_ASCII)))
        .isEqualTo(Instant.ofEpochSecond(epochSecond, nano));
  }

  @Property(tries = 500)
  void epochDaysAreTheCivilDatesJavaTimePrints(
      @ForAll @LongRange(min = -1_000_000, max = 3_000_000) long epochDay) throws IOException {
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    var out = new ByteArrayOutputStream();
    var w = new ByteWriter(out);
    Iso.civil(w, epochDay);
    w.flush();
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(d.toString());
  }
}
