package dev.sluice.core.format;

import dev.sluice.core.source.Column;
import dev.sluice.core.source.CsvFields;
import dev.sluice.core.source.Kind;
import dev.sluice.core.source.Rows;
import dev.sluice.core.source.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 4180 CSV: an optional header of column names, then one line per row.
 *
 * <p>When the rows supply {@link CsvFields} of this CSV, the columns whose field is exactly what
 * the column's {@link Field} would write ({@link #copies}) are copied from there, each run of such
 * columns side by side in one copy, delimiters included; the others are written from their values.
 */
final class CsvRowEncoder implements RowEncoder {
  private final List<Column> columns;
  private final Value[] values;
  private final Field[] fields;
  private final CsvWriter csv;
  private final ByteWriter w;
  private final boolean header;
  private final byte[] lineEnding;

  /** The rows' fields already quoted, or null to write every value. */
  private final CsvFields copied;

  /** For a column that starts a run of copied columns, the run's last column; -1 for the rest. */
  private final int[] runEnd;

  CsvRowEncoder(Rows rows, ByteWriter w, FormatOptions options) {
    this.columns = rows.columns();
    int n = columns.size();
    this.values = new Value[n];
    this.fields = new Field[n];
    for (int i = 0; i < n; i++) {
      values[i] = rows.value(i);
      fields[i] = Field.of(values[i].kind());
    }
    this.w = w;
    this.csv = new CsvWriter(w, options);
    this.header = options.csvHeader();
    this.lineEnding = options.lineEnding().getBytes(StandardCharsets.US_ASCII);
    this.runEnd = new int[n];
    this.copied = copiedFields(rows, options, runEnd);
  }

  /**
   * The rows' CSV fields of these options, with the columns to copy claimed and {@code runEnd}
   * filled; null when the rows supply none or no column can be copied.
   */
  private static CsvFields copiedFields(Rows rows, FormatOptions options, int[] runEnd) {
    Arrays.fill(runEnd, -1);
    CsvFields f = rows.csvFields(options.csvDialect());
    if (f == null) {
      return null;
    }
    int n = runEnd.length;
    boolean[] copy = new boolean[n];
    boolean any = false;
    for (int i = 0; i < n; i++) {
      copy[i] = f.verbatim(i) && copies(rows.value(i).kind(), options.csvNull());
      any |= copy[i];
    }
    if (!any) {
      return null;
    }
    for (int i = 0; i < n; i++) {
      if (copy[i]) {
        f.claim(i);
        int j = i;
        while (j + 1 < n && copy[j + 1]) {
          j++;
        }
        runEnd[i] = j;
        i = j;
      }
    }
    return f;
  }

  /**
   * Whether a column of {@code kind} whose value is the database's text is written as that text
   * quoted the {@link CsvFields} way. Text and JSON go through {@link CsvWriter#field}, which
   * quotes by the same rule. Numbers and UUIDs are written bare: their text never holds a quote,
   * CR, LF or a delimiter (which cannot be a letter, a digit or {@code + - .}), but a field equal
   * to the NULL text is quoted, so they are copied only when no number or UUID can be the NULL
   * text: an empty one, or one with a character no such text holds.
   */
  static boolean copies(Kind kind, String nullText) {
    return switch (kind) {
      case STRING, JSON -> true;
      case INTEGER, DECIMAL, FLOAT, UUID -> {
        for (int i = 0; i < nullText.length(); i++) {
          if ("0123456789abcdefABCDEF+-.NIinty".indexOf(nullText.charAt(i)) < 0) {
            yield true;
          }
        }
        yield nullText.isEmpty();
      }
      default -> false;
    };
  }

  @Override
  public void begin() throws IOException {
    if (header) {
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          csv.delimiter();
        }
        csv.field(columns.get(i).name());
      }
      w.write(lineEnding);
    }
  }

  @Override
  public void write() throws IOException {
    if (copied != null) {
      writeCopying();
      return;
    }
    Value[] values = this.values;
    Field[] fields = this.fields;
    CsvWriter csv = this.csv;
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        csv.delimiter();
      }
      Value v = values[i];
      if (v.isNull()) {
        csv.nul();
      } else {
        fields[i].csv(v, csv);
      }
    }
    w.write(lineEnding);
  }

  /**
   * {@link #write()} for rows that offer their fields: the same loop, with runs of copied columns.
   * Kept apart from it so that the row loop of every other source looks at no run table.
   */
  private void writeCopying() throws IOException {
    Value[] values = this.values;
    Field[] fields = this.fields;
    CsvWriter csv = this.csv;
    CsvFields copied = this.copied;
    int[] runEnd = this.runEnd;
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        csv.delimiter();
      }
      int j = runEnd[i];
      if (j >= 0) {
        int s = copied.start(i);
        w.write(copied.bytes(), s, copied.end(j) - s);
        i = j;
        continue;
      }
      Value v = values[i];
      if (v.isNull()) {
        csv.nul();
      } else {
        fields[i].csv(v, csv);
      }
    }
    w.write(lineEnding);
  }

  @Override
  public void end() throws IOException {
    w.flush();
  }
}
