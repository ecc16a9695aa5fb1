package dev.sluice.core.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sluice.core.format.Format;
import dev.sluice.core.format.FormatOptions;
import dev.sluice.core.format.parquet.ParquetCheck;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Counts the rows of encoded data by decoding just enough of its format, in one streaming pass:
 * NDJSON lines; CSV records by RFC 4180 (a line ending inside a quoted field does not end the
 * record), less the header; JSON array elements through Jackson's streaming parser. The count so
 * far stays readable when the data turns out to be broken halfway, and {@link #problem()} says what
 * is wrong with data that decodes but cannot be what Sluice wrote (a last line without its line
 * ending, a CSV that ends inside quotes). Sluice ends every line, so an unterminated last line or
 * record is a cut-off row and is not counted.
 */
final class RowCounter {
  private static final JsonFactory JSON =
      JsonFactory.builder().build().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

  private final Format format;
  private final FormatOptions options;
  private long rows;
  private String problem;
  private List<Long> rowGroups = List.of();

  RowCounter(Format format, FormatOptions options) {
    this.format = format;
    this.options = options;
  }

  long rows() {
    return rows;
  }

  String problem() {
    return problem;
  }

  /**
   * Counts the rows of {@code in} to its end.
   *
   * @throws IOException if {@code in} fails, or (a {@link
   *     com.fasterxml.jackson.core.JsonProcessingException}) if JSON data is not a JSON array.
   */
  void count(InputStream in) throws IOException {
    switch (format) {
      case NDJSON -> lines(in);
      case CSV -> records(in);
      case JSON -> elements(in);
      case PARQUET -> parquet(in);
    }
  }

  /** The rows of each row group, for Parquet; empty for the other formats. */
  List<Long> rowGroups() {
    return rowGroups;
  }

  private void parquet(InputStream in) throws IOException {
    var check = ParquetCheck.read(in);
    rows = check.rows();
    rowGroups = check.rowGroups();
    if (check.problem() != null) {
      problem = check.problem();
    } else if (check.rows() != check.footerRows()) {
      problem =
          "data: the Parquet footer says "
              + check.footerRows()
              + " rows, its pages hold "
              + check.rows();
    }
  }

  private void lines(InputStream in) throws IOException {
    var buffer = new byte[64 * 1024];
    int last = '\n';
    for (int n; (n = in.read(buffer)) != -1; ) {
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          rows++;
        }
      }
      if (n > 0) {
        last = buffer[n - 1];
      }
    }
    if (last != '\n') {
      problem = "data: the last line has no line ending (truncated?)";
    }
  }

  private void records(InputStream in) throws IOException {
    var buffer = new byte[64 * 1024];
    long records = 0;
    boolean quoted = false;
    int last = '\n';
    for (int n; (n = in.read(buffer)) != -1; ) {
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        // An escaped quote ("") toggles twice, so only the quotes around a field count.
        if (b == '"') {
          quoted = !quoted;
        } else if (b == '\n' && !quoted) {
          records++;
          rows = Math.max(0, records - (options.csvHeader() ? 1 : 0));
        }
      }
      if (n > 0) {
        last = buffer[n - 1];
      }
    }
    if (quoted) {
      problem = "data: the CSV ends inside a quoted field (truncated?)";
    } else if (last != '\n') {
      problem = "data: the last CSV record has no line ending (truncated?)";
    }
    rows = Math.max(0, records - (options.csvHeader() ? 1 : 0));
  }

  private void elements(InputStream in) throws IOException {
    try (var p = JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        problem = "data: not a JSON array";
        return;
      }
      for (var t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t == null) {
          problem = "data: the JSON array has no end (truncated?)";
          return;
        }
        p.skipChildren();
        rows++;
      }
      if (p.nextToken() != null) {
        problem = "data: more than one JSON value";
      }
    }
  }
}
