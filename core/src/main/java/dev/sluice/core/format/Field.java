package dev.sluice.core.format;

import dev.sluice.core.source.Kind;
import dev.sluice.core.source.Value;
import java.io.IOException;

/**
 * How the text formats write one column's values: chosen once per column from its {@link Kind}
 * ({@link #of}), then called once per non-NULL value with the column's {@link Value}, which says in
 * which form the current row holds it. The encoders write NULL themselves. A field keeps no value
 * of its own, only scratch space, so each encoder has its own fields.
 */
abstract class Field {
  private static final byte[] QUOTE = {'"'};
  private static final byte[] DOUBLED_QUOTE = {'"', '"'};

  /** Writes the current value as one JSON value. */
  abstract void json(Value v, ByteWriter w) throws IOException;

  /** Writes the current value as one CSV field. */
  abstract void csv(Value v, CsvWriter w) throws IOException;

  /**
   * What {@link #json(Value, ByteWriter)} makes of a column of {@code kind}, for {@link
   * Format#describe}. Kept beside the writing code so the two change together.
   */
  abstract Mapping jsonMapping(Kind kind);

  /** What {@link #csv(Value, CsvWriter)} makes of a column of {@code kind} with {@code options}. */
  abstract Mapping csvMapping(Kind kind, FormatOptions options);

  /** The field for a column of {@code kind}: the mapping of {@code docs/types.md}. */
  static Field of(Kind kind) {
    return switch (kind) {
      case INTEGER -> new NumberFields.Int();
      case DECIMAL, FLOAT -> new NumberFields.Num();
      case BOOLEAN -> new NumberFields.Bool();
      case STRING -> new TextFields.Str();
      case DATE, TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ, INTERVAL, UUID -> new TextFields.Bare();
      case JSON -> new TextFields.Json();
      case BASE64 -> new TextFields.Base64();
      case ARRAY -> new ObjectFields.Array();
      case DYNAMIC -> new ObjectFields.Dynamic();
    };
  }

  /**
   * How a CSV text field of a column is quoted with {@code options}: when it holds the delimiter, a
   * quote, CR or LF, or equals the NULL text.
   */
  static String quoting(FormatOptions options) {
    char d = options.csvDelimiter();
    var delimiter = d == '\t' ? "tab" : "'" + d + "'";
    var nul = options.csvNull().isEmpty() ? "is empty" : "equals '" + options.csvNull() + "'";
    return "quoted when it holds " + delimiter + ", a quote, CR or LF, or " + nul;
  }

  /** The failure for a value in a form this field does not write: a source broke its contract. */
  static IllegalStateException unexpected(Value v) {
    return new IllegalStateException(
        "a " + v.kind().label() + " value cannot be written from the form " + v.form());
  }

  /** Writes a double the way every float column does: NaN and the infinities as JSON strings. */
  static void jsonDouble(ByteWriter w, double d, String text) throws IOException {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      w.write((byte) '"');
      w.ascii(text);
      w.write((byte) '"');
    } else {
      w.ascii(text);
    }
  }

  /**
   * Writes number text, {@code NaN}, {@code Infinity} and {@code -Infinity} as JSON strings (JSON
   * has no such numbers), the rest as it is.
   */
  static void jsonNumber(ByteWriter w, byte[] b, int off, int len) throws IOException {
    jsonNumber(w, b, off, len, false);
  }

  /**
   * {@link #jsonNumber(ByteWriter, byte[], int, int)}, with the quotes doubled when {@code
   * csvDoubled} (see {@link ByteWriter#jsonStringUtf8(byte[], int, int, boolean)}); true when it
   * wrote quotes.
   */
  static boolean jsonNumber(ByteWriter w, byte[] b, int off, int len, boolean csvDoubled)
      throws IOException {
    byte first = b[len > 1 && b[off] == '-' ? off + 1 : off];
    if (first != 'N' && first != 'I') {
      w.write(b, off, len);
      return false;
    }
    byte[] quote = csvDoubled ? DOUBLED_QUOTE : QUOTE;
    w.write(quote);
    w.write(b, off, len);
    w.write(quote);
    return true;
  }
}
